/**
 * A local stand-in for Microsoft Graph v1.0 (calendar) and the identity platform's v2.0 token
 * endpoint, to the documented shapes (see docs/integrations-microsoft.md). It serves:
 *
 * - `GET /{tenant}/oauth2/v2.0/authorize`: signs in as `login_hint` and redirects back with a code.
 * - `POST /{tenant}/oauth2/v2.0/token`: authorization_code with PKCE (codes are
 *   `code:<email>:<code_challenge>`; the S256 of `code_verifier` must match), refresh_token
 *   (`rt:<email>[:n]`, rotated on every use; `revoked:<email>` answers 400 invalid_grant
 *   AADSTS50173, `consent:<email>` 400 invalid_grant AADSTS65001) and client_credentials
 *   (scope must be `https://graph.microsoft.com/.default`).
 * - `POST /v1.0/{me|users/{id}}/calendar/getSchedule`.
 * - `POST /v1.0/{me|users/{id}}/events` (idempotent by `transactionId`), `GET|PATCH …/events/{id}`,
 *   `POST …/events/{id}/cancel` (202; the event then is gone, as in Deleted Items).
 *
 * Errors use Graph's body `{ error: { code, message, innerError } }`. Tests steer it through
 * `/__control/*`: queue faults per mailbox, schedule or grant (`429`, `503`, `504`, `hang`,
 * `forbidden`, `notFound`, `lost` = created but answered 504), withdraw an account's grants
 * after it connected (its refresh tokens then answer invalid_grant with the given AADSTS code),
 * set busy items, list events, read requests and long-poll for them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAuthorize, handleToken, type IdentityState, type Principal } from "./microsoft-identity";
import { answerRecording, KeyedFaults, Recording, sendJson, startFake, type FakeRequest } from "./server";

export { FAKE_MS_CLIENT_ID, FAKE_MS_CLIENT_SECRET } from "./microsoft-identity";

type Item = { status: string; start: string; end: string };
export type GraphRequest = { method: string; path: string; body: unknown; keys: string[] };
export type FakeEvent = Record<string, any> & { id: string; mailbox: string };

type State = IdentityState & {
  faults: KeyedFaults;
  busy: Map<string, Item[]>;
  events: Map<string, FakeEvent>;
  byTransaction: Map<string, string>;
  requests: Recording<GraphRequest>;
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  sendJson(res, { status, body, headers });

/** Graph's error response (https://learn.microsoft.com/graph/errors). */
function graphError(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
  json(res, status, graphErrorBody(code, message), headers);
}

function graphErrorBody(code: string, message: string) {
  const innerError = { date: new Date().toISOString().slice(0, 19), "request-id": crypto.randomUUID() };
  return { error: { code, message, innerError } };
}

/** Answers a queued fault; true when it did (or deliberately never will: `hang`). */
function applyFault(res: ServerResponse, fault: string | undefined): boolean {
  switch (fault) {
    case undefined:
    case "ok":
    case "notFound":
      return false;
    case "hang":
      return true;
    case "429":
      graphError(res, 429, "TooManyRequests", "Please retry again later.", { "Retry-After": "1" });
      return true;
    case "503":
      graphError(
        res,
        503,
        "serviceNotAvailable",
        "The service is not available. Try the request again after a delay.",
      );
      return true;
    case "504":
      graphError(res, 504, "generalException", "Gateway timeout.");
      return true;
    case "forbidden":
      graphError(res, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
      return true;
    default:
      throw new Error(`unknown fault ${fault}`);
  }
}

function record(state: State, req: IncomingMessage, path: string, body: unknown, keys: string[]) {
  state.requests.push({ method: req.method ?? "", path, body, keys });
}

/** Requests whose keys (mailbox, schedule, grant, `tenant:<id>`) start with `key`. */
const keyed = (key: string) => (r: GraphRequest) => r.keys.some((k) => k.startsWith(key));

const graphDate = (iso: string) => ({
  dateTime: iso.replace(/Z$/, "").replace(/\.\d+$/, "") + ".0000000",
  timeZone: "UTC",
});

function handleSchedule(state: State, body: any, res: ServerResponse) {
  const ids: string[] = body?.schedules ?? [];
  const notFound = new Set(
    ids.filter((id) => state.faults.peek(id) === "notFound" && state.faults.next([id])),
  );
  if (applyFault(res, state.faults.next(ids))) return;
  const value = ids.map((id) =>
    notFound.has(id)
      ? {
          scheduleId: id,
          error: { message: "The recipient wasn't found.", responseCode: "ErrorMailRecipientNotFound" },
        }
      : {
          scheduleId: id,
          availabilityView: "0",
          scheduleItems: (state.busy.get(id) ?? []).map((i) => ({
            isPrivate: false,
            status: i.status,
            start: graphDate(i.start),
            end: graphDate(i.end),
          })),
        },
  );
  json(res, 200, {
    "@odata.context":
      "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
    value,
  });
}

function createEvent(state: State, mailbox: string, body: any, res: ServerResponse) {
  const existing = body?.transactionId && state.byTransaction.get(`${mailbox}|${body.transactionId}`);
  if (existing && state.events.has(existing)) return json(res, 201, state.events.get(existing));
  const id = `AAMkAGI2${String(state.seq++).padStart(6, "0")}AAA=`;
  const teams = body?.isOnlineMeeting === true && body?.onlineMeetingProvider === "teamsForBusiness";
  const event: FakeEvent = {
    id,
    mailbox,
    ...body,
    isCancelled: false,
    isOrganizer: true,
    organizer: { emailAddress: { address: mailbox } },
    attendees: (body?.attendees ?? []).map((a: any) => ({
      ...a,
      status: { response: "none", time: "0001-01-01T00:00:00Z" },
    })),
    onlineMeeting: teams
      ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id.slice(8, 14)}%40thread.v2/0` }
      : null,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
  };
  state.events.set(id, event);
  if (body?.transactionId) state.byTransaction.set(`${mailbox}|${body.transactionId}`, id);
  json(res, 201, event);
}

function handleEvent(
  state: State,
  req: IncomingMessage,
  mailbox: string,
  id: string,
  action: string | undefined,
  body: any,
  res: ServerResponse,
) {
  const event = state.events.get(id);
  if (!event || event.mailbox !== mailbox || event.isCancelled)
    return graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
  if (action === "cancel" && req.method === "POST") {
    event.isCancelled = true;
    event.cancelComment = body?.comment;
    return res.writeHead(202).end();
  }
  if (req.method === "PATCH") Object.assign(event, body);
  json(res, 200, event);
}

function who(state: State, req: IncomingMessage): Principal | undefined {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  return bearer ? state.tokens.get(bearer) : undefined;
}

function route(state: State, { req, url, body }: FakeRequest, res: ServerResponse) {
  if (url.pathname.startsWith("/__control/")) return handleControl(state, url, body, res);
  const keys: string[] = [];
  if (/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname) && req.method === "GET")
    return handleAuthorize(url, res);
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
  if (token && req.method === "POST") {
    handleToken(state, token[1]!, body as URLSearchParams, res, keys, (k) =>
      applyFault(res, state.faults.next(k)),
    );
    return record(state, req, url.pathname, Object.fromEntries(body as URLSearchParams), keys);
  }
  const m =
    /^\/v1\.0\/(me|users\/([^/]+))\/(calendar\/getSchedule|events)(?:\/([^/]+))?(?:\/(cancel))?$/.exec(
      url.pathname,
    );
  const principal = who(state, req);
  const mailbox = m?.[2] ? decodeURIComponent(m[2]) : principal?.kind === "user" ? principal.email : "";
  const schedule = m?.[3] === "calendar/getSchedule";
  keys.push(...(schedule ? (body?.schedules ?? []) : [mailbox]));
  record(state, req, url.pathname, body, keys);
  if (!principal)
    return graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
  if (!m) return graphError(res, 400, "BadRequest", "Resource not found for the segment.");
  if (principal.kind === "app" && m[1] === "me")
    return graphError(
      res,
      400,
      "BadRequest",
      "/me request is only valid with delegated authentication flow.",
    );
  // A delegated token may read colleagues' free/busy, but writes only its own mailbox.
  if (!schedule && principal.kind === "user" && mailbox.toLowerCase() !== principal.email.toLowerCase())
    return graphError(res, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  if (schedule)
    return req.method === "POST" ? handleSchedule(state, body, res) : graphError(res, 405, "BadRequest", "");
  const fault = state.faults.next(keys);
  // `lost`: the event is created but the answer never arrives (the client sees a 504).
  if (fault === "lost" && !m[4]) {
    createEvent(state, mailbox, body, { writeHead: () => ({ end() {} }), end() {} } as never);
    return graphError(res, 504, "generalException", "Gateway timeout.");
  }
  if (applyFault(res, fault)) return;
  if (!m[4] && req.method === "POST") return createEvent(state, mailbox, body, res);
  if (m[4]) return handleEvent(state, req, mailbox, decodeURIComponent(m[4]), m[5], body, res);
  graphError(res, 405, "BadRequest", "Method not allowed.");
}

function handleControl(state: State, url: URL, body: any, res: ServerResponse) {
  const key = url.searchParams.get("key") ?? "";
  if (url.pathname === "/__control/faults") {
    state.faults.set(body.key, body.faults);
    return json(res, 200, {});
  }
  if (url.pathname === "/__control/withdraw") {
    state.withdrawn.set(body.email, body.aadsts);
    return json(res, 200, {});
  }
  if (url.pathname === "/__control/busy") {
    state.busy.set(body.schedule, body.items);
    return json(res, 200, {});
  }
  if (url.pathname === "/__control/events")
    return json(res, 200, { events: [...state.events.values()].filter((e) => e.mailbox.startsWith(key)) });
  if (answerRecording(url, state.requests, keyed, (found) => json(res, 200, found))) return;
  json(res, 404, {});
}

/** Starts the fake on a free loopback port; `url` serves as both login and Graph root. */
export async function startFakeMicrosoftGraph() {
  const state: State = {
    faults: new KeyedFaults(),
    busy: new Map(),
    events: new Map(),
    byTransaction: new Map(),
    tokens: new Map(),
    withdrawn: new Map(),
    requests: new Recording(),
    seq: 1,
  };
  const { url, server } = await startFake(
    (r, res) => route(state, r, res),
    (err) => ({ status: 500, body: graphErrorBody("generalException", String(err)) }),
  );
  return { url: `${url}/`, server };
}
