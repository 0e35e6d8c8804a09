/**
 * A local stand-in for Google Calendar API v3 and Google's OAuth 2.0 token endpoint, to their
 * documented request and response shapes, so the provider's REST calls
 * (worker/calendars/google/google-http.ts) can be tested end to end. It serves:
 *
 * - `POST /token`: authorization_code, refresh_token and the JWT bearer grant.
 *   Codes are `code:<email>` and yield the refresh token `rt:<email>`; a code or refresh token
 *   starting with `revoked` answers 400 `invalid_grant`, as Google does for a revoked grant.
 * - `POST /calendar/v3/freeBusy` (at most 50 calendars, else 400 tooManyCalendarsRequested).
 * - `POST|GET|DELETE /calendar/v3/calendars/{calendarId}/events[/{eventId}]`.
 *
 * Tests steer it through `/__control/*`: queue faults per calendar id or token
 * (`rateLimitExceeded`, `userRateLimitExceeded`, `429`, `500`, `503`, `hang`, `notFound`),
 * set busy times, read the requests it received and long-poll until some have arrived.
 * Keys are chosen per test (unique calendar ids), so test files sharing it do not collide.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerRecording, KeyedFaults, Recording, sendJson, startFake, type FakeRequest } from "./server";

export const FAKE_GOOGLE_CLIENT_ID = "fake-client-id.apps.googleusercontent.com";
export const FAKE_GOOGLE_CLIENT_SECRET = "fake-google-client-secret";

type Interval = { start: string; end: string };
/** One request as the fake saw it; `keys` are the calendar ids or token subjects it touched. */
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  keys: string[];
  authorization: string | null;
};

type State = {
  faults: KeyedFaults;
  busy: Map<string, Interval[]>;
  events: Map<string, Record<string, unknown>>;
  deleted: Set<string>;
  accessTokens: Set<string>;
  requests: Recording<RecordedRequest>;
};

const json = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) =>
  sendJson(res, { status, body, headers }, "application/json; charset=UTF-8");

/** Google's JSON error body, as the Calendar API documents it. */
function googleError(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  status: string,
  headers?: Record<string, string>,
) {
  json(
    res,
    code,
    { error: { code, message, errors: [{ domain: "global", reason, message }], status } },
    headers,
  );
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
    case "rateLimitExceeded":
    case "userRateLimitExceeded":
      googleError(res, 403, fault, "Rate Limit Exceeded", "PERMISSION_DENIED");
      return true;
    case "429":
      googleError(res, 429, "rateLimitExceeded", "Too Many Requests", "RESOURCE_EXHAUSTED", {
        "Retry-After": "1",
      });
      return true;
    case "500":
      googleError(res, 500, "backendError", "Backend Error", "INTERNAL");
      return true;
    case "503":
      googleError(res, 503, "backendError", "The service is currently unavailable.", "UNAVAILABLE");
      return true;
    default:
      throw new Error(`unknown fault ${fault}`);
  }
}

function record(state: State, req: IncomingMessage, url: URL, body: unknown, keys: string[]) {
  state.requests.push({
    method: req.method ?? "",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
    keys,
    authorization: req.headers.authorization ?? null,
  });
}

/** Requests whose keys (calendar ids, grants, `sa:<subject>`) start with `key`. */
const keyed = (key: string) => (r: RecordedRequest) => r.keys.some((k) => k.startsWith(key));

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function issueAccess(state: State, subject: string): string {
  const token = `ya29.fake-${subject}-${state.accessTokens.size}`;
  state.accessTokens.add(token);
  return token;
}

function handleToken(state: State, form: URLSearchParams, res: ServerResponse, keys: string[]) {
  const grant = form.get("grant_type");
  if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    const claims = JSON.parse(
      Buffer.from(form.get("assertion")?.split(".")[1] ?? "", "base64url").toString(),
    );
    keys.push(`sa:${claims.sub}`);
    const scope = String(claims.scope);
    return json(res, 200, {
      access_token: issueAccess(state, claims.sub),
      expires_in: 3599,
      scope,
      token_type: "Bearer",
    });
  }
  if (
    form.get("client_id") !== FAKE_GOOGLE_CLIENT_ID ||
    form.get("client_secret") !== FAKE_GOOGLE_CLIENT_SECRET
  ) {
    return json(res, 401, { error: "invalid_client", error_description: "The OAuth client was not found." });
  }
  const grantValue = grant === "authorization_code" ? form.get("code") : form.get("refresh_token");
  keys.push(grantValue ?? "");
  if (applyFault(res, state.faults.next(keys))) return;
  if (!grantValue || grantValue.startsWith("revoked") || !/^(code|rt):/.test(grantValue)) {
    return json(res, 400, {
      error: "invalid_grant",
      error_description: "Token has been expired or revoked.",
    });
  }
  const email = grantValue.slice(grantValue.indexOf(":") + 1);
  const scope =
    "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy openid https://www.googleapis.com/auth/userinfo.email";
  const base = { access_token: issueAccess(state, email), expires_in: 3599, scope, token_type: "Bearer" };
  if (grant === "refresh_token") return json(res, 200, base);
  if (grant !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
  const idToken = [
    b64url({ alg: "RS256" }),
    b64url({ iss: "https://accounts.google.com", aud: FAKE_GOOGLE_CLIENT_ID, email, email_verified: true }),
    "sig",
  ].join(".");
  json(res, 200, { ...base, refresh_token: `rt:${email}`, id_token: idToken });
}

function handleFreeBusy(state: State, body: any, res: ServerResponse) {
  const ids: string[] = (body?.items ?? []).map((i: { id: string }) => i.id);
  if (ids.length > 50)
    return googleError(
      res,
      400,
      "tooManyCalendarsRequested",
      "Too many calendars requested.",
      "INVALID_ARGUMENT",
    );
  const notFound = new Set<string>();
  for (const id of ids) {
    if (state.faults.peek(id) !== "notFound") continue;
    notFound.add(id);
    state.faults.next([id]);
  }
  if (applyFault(res, state.faults.next(ids))) return;
  const calendars = Object.fromEntries(
    ids.map((id) => [
      id,
      notFound.has(id)
        ? { errors: [{ domain: "global", reason: "notFound" }], busy: [] }
        : { busy: state.busy.get(id) ?? [] },
    ]),
  );
  json(res, 200, { kind: "calendar#freeBusy", timeMin: body.timeMin, timeMax: body.timeMax, calendars });
}

function handleEvents(
  state: State,
  req: IncomingMessage,
  url: URL,
  body: any,
  res: ServerResponse,
  calendarId: string,
  eventId?: string,
) {
  const key = `${calendarId}/${eventId ?? body?.id}`;
  if (req.method === "POST" && !eventId) {
    if (state.events.has(key))
      return googleError(res, 409, "duplicate", "The requested identifier already exists.", "ALREADY_EXISTS");
    const id = body?.id ?? `evt${state.events.size}`;
    const meet = body?.conferenceData?.createRequest && url.searchParams.get("conferenceDataVersion") === "1";
    const event = {
      kind: "calendar#event",
      id,
      status: "confirmed",
      htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
      ...body,
      ...(meet
        ? {
            hangoutLink: `https://meet.google.com/fake-${id.slice(0, 8)}`,
            conferenceData: { ...body.conferenceData, conferenceId: "fake" },
          }
        : { conferenceData: undefined }),
    };
    state.events.set(`${calendarId}/${id}`, event);
    return json(res, 200, event);
  }
  if (state.deleted.has(key)) return googleError(res, 410, "deleted", "Resource has been deleted", "GONE");
  const event = state.events.get(key);
  if (!event) return googleError(res, 404, "notFound", "Not Found", "NOT_FOUND");
  if (req.method === "GET") return json(res, 200, event);
  state.events.delete(key);
  state.deleted.add(key);
  res.writeHead(204).end();
}

function handleControl(state: State, url: URL, body: any, res: ServerResponse) {
  if (url.pathname === "/__control/faults") {
    state.faults.set(body.key, body.faults);
    return json(res, 200, {});
  }
  if (url.pathname === "/__control/busy") {
    state.busy.set(body.calendarId, body.busy);
    return json(res, 200, {});
  }
  if (answerRecording(url, state.requests, keyed, (found) => json(res, 200, found))) return;
  json(res, 404, {});
}

function route(state: State, { req, url, body }: FakeRequest, res: ServerResponse) {
  if (url.pathname.startsWith("/__control/")) return handleControl(state, url, body, res);
  const keys: string[] = [];
  if (url.pathname === "/token" && req.method === "POST") {
    handleToken(state, body as URLSearchParams, res, keys);
    return record(state, req, url, Object.fromEntries(body as URLSearchParams), keys);
  }
  const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
  keys.push(
    ...(events ? [decodeURIComponent(events[1]!)] : (body?.items ?? []).map((i: { id: string }) => i.id)),
  );
  record(state, req, url, body, keys);
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!bearer || !state.accessTokens.has(bearer)) {
    return googleError(
      res,
      401,
      "authError",
      "Request had invalid authentication credentials.",
      "UNAUTHENTICATED",
    );
  }
  if (url.pathname === "/calendar/v3/freeBusy" && req.method === "POST")
    return handleFreeBusy(state, body, res);
  if (events) {
    if (applyFault(res, state.faults.next(keys))) return;
    return handleEvents(state, req, url, body, res, decodeURIComponent(events[1]!), events[2]);
  }
  googleError(res, 404, "notFound", "Not Found", "NOT_FOUND");
}

/** Starts the fake on a free loopback port. `url` is the API root (for `rootUrl`). */
export async function startFakeGoogleCalendar() {
  const state: State = {
    faults: new KeyedFaults(),
    busy: new Map(),
    events: new Map(),
    deleted: new Set(),
    accessTokens: new Set(),
    requests: new Recording(),
  };
  const { url, server } = await startFake(
    (r, res) => route(state, r, res),
    (err) => ({ status: 500, body: { error: { code: 500, message: String(err), status: "INTERNAL" } } }),
  );
  return { url: `${url}/`, tokenUrl: `${url}/token`, server };
}
