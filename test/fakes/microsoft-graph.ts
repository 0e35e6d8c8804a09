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
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const FAKE_MS_CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
export const FAKE_MS_CLIENT_SECRET = "fake-microsoft-client-secret";

type Item = { status: string; start: string; end: string };
type Principal = { kind: "user"; email: string } | { kind: "app"; tenant: string };
export type GraphRequest = { method: string; path: string; body: unknown; keys: string[] };
export type FakeEvent = Record<string, any> & { id: string; mailbox: string };

type State = {
  faults: Map<string, string[]>;
  busy: Map<string, Item[]>;
  events: Map<string, FakeEvent>;
  byTransaction: Map<string, string>;
  tokens: Map<string, Principal>;
  /** Accounts whose grants were withdrawn since they connected: email -> AADSTS code. */
  withdrawn: Map<string, number>;
  requests: GraphRequest[];
  waiters: { key: string; count: number; resolve: () => void }[];
  seq: number;
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

/** Graph's error response (https://learn.microsoft.com/graph/errors). */
function graphError(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
  const innerError = { date: new Date().toISOString().slice(0, 19), "request-id": crypto.randomUUID() };
  json(res, status, { error: { code, message, innerError } }, headers);
}

/** The identity platform's error response: RFC 6749 §5.2 plus error_codes and trace ids. */
function oauthError(res: ServerResponse, status: number, error: string, aadsts: number, text: string) {
  json(res, status, {
    error,
    error_description: `AADSTS${aadsts}: ${text}\r\nTrace ID: ${crypto.randomUUID()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString().replace("T", " ").slice(0, 19) + "Z",
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  });
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

function nextFault(state: State, keys: string[]): string | undefined {
  for (const key of keys) {
    const queue = state.faults.get(key);
    if (queue?.length) return queue.shift();
  }
  return undefined;
}

function record(state: State, req: IncomingMessage, path: string, body: unknown, keys: string[]) {
  state.requests.push({ method: req.method ?? "", path, body, keys });
  state.waiters = state.waiters.filter((w) => {
    const seen = state.requests.filter((r) => r.keys.some((k) => k.startsWith(w.key))).length;
    if (seen >= w.count) w.resolve();
    return seen < w.count;
  });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function issue(state: State, principal: Principal): string {
  const token = `eyJ0eXAiOiJKV1Qi.fake-${state.seq++}`;
  state.tokens.set(token, principal);
  return token;
}

function handleToken(
  state: State,
  tenant: string,
  form: URLSearchParams,
  res: ServerResponse,
  keys: string[],
) {
  if (form.get("client_id") !== FAKE_MS_CLIENT_ID || form.get("client_secret") !== FAKE_MS_CLIENT_SECRET)
    return oauthError(res, 401, "invalid_client", 7000215, "Invalid client secret provided.");
  const grant = form.get("grant_type");
  if (grant === "client_credentials") {
    keys.push(`tenant:${tenant}`);
    if (applyFault(res, nextFault(state, keys))) return;
    if (form.get("scope") !== "https://graph.microsoft.com/.default")
      return oauthError(res, 400, "invalid_scope", 1002012, "The provided value for scope is not valid.");
    const access = issue(state, { kind: "app", tenant });
    return json(res, 200, {
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: access,
    });
  }
  const value = (grant === "authorization_code" ? form.get("code") : form.get("refresh_token")) ?? "";
  const [given, email = "", challenge] = value.split(":");
  keys.push(email, value);
  // Faults for a grant are queued under the grant itself; the mailbox's faults are Graph's.
  if (applyFault(res, nextFault(state, [value]))) return;
  const withdrawn = grant === "refresh_token" ? state.withdrawn.get(email) : undefined;
  const prefix = withdrawn === 65001 ? "consent" : withdrawn ? "revoked" : given;
  if (prefix === "revoked")
    return oauthError(res, 400, "invalid_grant", 50173, "The provided grant has been revoked.");
  if (prefix === "consent")
    return oauthError(
      res,
      400,
      "invalid_grant",
      65001,
      "The user or administrator has not consented to use the application.",
    );
  if (grant === "authorization_code") {
    const verifier = form.get("code_verifier") ?? "";
    const s256 = createHash("sha256").update(verifier).digest("base64url");
    if (prefix !== "code" || s256 !== challenge || !form.get("redirect_uri"))
      return oauthError(
        res,
        400,
        "invalid_grant",
        501481,
        "The Code_Verifier does not match the code_challenge.",
      );
  } else if (grant !== "refresh_token" || prefix !== "rt") {
    return oauthError(
      res,
      400,
      "invalid_grant",
      9002313,
      "Invalid request. Request is malformed or invalid.",
    );
  }
  const idToken = [
    b64url({ alg: "RS256" }),
    b64url({ aud: FAKE_MS_CLIENT_ID, preferred_username: email }),
    "sig",
  ];
  json(res, 200, {
    token_type: "Bearer",
    scope: "https://graph.microsoft.com/Calendars.ReadWrite openid email",
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: issue(state, { kind: "user", email }),
    refresh_token: `rt:${email}:${state.seq}`,
    ...(grant === "authorization_code" ? { id_token: idToken.join(".") } : {}),
  });
}

const graphDate = (iso: string) => ({
  dateTime: iso.replace(/Z$/, "").replace(/\.\d+$/, "") + ".0000000",
  timeZone: "UTC",
});

function handleSchedule(state: State, body: any, res: ServerResponse) {
  const ids: string[] = body?.schedules ?? [];
  const notFound = new Set(
    ids.filter((id) => state.faults.get(id)?.[0] === "notFound" && state.faults.get(id)!.shift()),
  );
  if (applyFault(res, nextFault(state, ids))) return;
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

/**
 * The authorize endpoint, signed in already as `login_hint` and consenting at once: it
 * redirects to `redirect_uri` with `code` (bound to the code_challenge) and `state`, as the
 * identity platform does with `response_mode=query`; `login_hint` starting `deny` refuses
 * with `error=access_denied`, as when the user declines consent.
 */
function handleAuthorize(url: URL, res: ServerResponse) {
  const q = url.searchParams;
  const redirect = new URL(q.get("redirect_uri") ?? "");
  const account = q.get("login_hint") ?? "user@contoso.test";
  if (q.get("client_id") !== FAKE_MS_CLIENT_ID || q.get("code_challenge_method") !== "S256")
    return oauthError(res, 400, "invalid_request", 900144, "The request body must contain code_challenge.");
  if (account.startsWith("deny")) {
    redirect.searchParams.set("error", "access_denied");
    redirect.searchParams.set("error_description", "AADSTS65004: User declined to consent.");
  } else redirect.searchParams.set("code", `code:${account}:${q.get("code_challenge")}`);
  redirect.searchParams.set("state", q.get("state") ?? "");
  res.writeHead(302, { Location: redirect.href });
  res.end();
}

function route(state: State, req: IncomingMessage, res: ServerResponse, raw: string) {
  const url = new URL(req.url ?? "/", "http://fake");
  const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
  const body = form ? new URLSearchParams(raw) : raw ? JSON.parse(raw) : undefined;
  if (url.pathname.startsWith("/__control/")) return handleControl(state, url, body, res);
  const keys: string[] = [];
  if (/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname) && req.method === "GET")
    return handleAuthorize(url, res);
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
  if (token && req.method === "POST") {
    handleToken(state, token[1]!, body as URLSearchParams, res, keys);
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
  const fault = nextFault(state, keys);
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
    state.faults.set(body.key, [...body.faults]);
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
  const matching = () => state.requests.filter((r) => r.keys.some((k) => k.startsWith(key)));
  if (url.pathname === "/__control/requests") return json(res, 200, { requests: matching() });
  if (url.pathname === "/__control/wait") {
    const count = Number(url.searchParams.get("count") ?? 1);
    const done = () => json(res, 200, { requests: matching() });
    if (matching().length >= count) return done();
    state.waiters.push({ key, count, resolve: done });
    return;
  }
  json(res, 404, {});
}

/** Starts the fake on a free loopback port; `url` serves as both login and Graph root. */
export function startFakeMicrosoftGraph(): Promise<{ url: string; server: Server }> {
  const state: State = {
    faults: new Map(),
    busy: new Map(),
    events: new Map(),
    byTransaction: new Map(),
    tokens: new Map(),
    withdrawn: new Map(),
    requests: [],
    waiters: [],
    seq: 1,
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      try {
        route(state, req, res, raw);
      } catch (err) {
        if (!res.headersSent) graphError(res, 500, "generalException", String(err));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${port}/`, server });
    });
  });
}
