/**
 * A local stand-in for HubSpot's CRM API (v3 objects and search, v4 associations, owners)
 * and its OAuth token endpoint, written to the shapes in docs/integrations-hubspot.md.
 *
 * Portals keep test files apart: a private-app token `pat-<portal>` or an OAuth install
 * (`?portal=` on the authorize link) selects (and creates) portal `<portal>`; every record
 * lives in its portal.
 *
 * - `GET /oauth/authorize?client_id&redirect_uri&scope&state` answers 302 to
 *   `redirect_uri?code=…&state=…` (HubSpot's consent screen, approved at once); `?portal=` picks
 *   the portal (default `demo`). An unknown client_id or a missing redirect_uri gets 400. The
 *   code is single-use and bound to that redirect_uri, as HubSpot documents.
 * - `POST /oauth/v1/token`: authorization_code and refresh_token grants; access tokens last
 *   `expires_in` 1800 s unless `/__control/expire` ends them (401 EXPIRED_AUTHENTICATION).
 * - contacts: create (409 CONFLICT on an existing email), get, patch, search, batch upsert by email;
 *   companies: search (domain EQ, hs_lastmodifieddate GTE, sorted, `after`); meetings: create,
 *   search, patch; `PUT /crm/v4/objects/contact/{id}/associations/default/company/{id}`;
 *   `GET /crm/v3/owners`.
 *
 * Fault knobs (`POST /__control/faults?portal=`): `{ queue: ["429","500","503","401","403","hang"] }`
 * answers the next calls in order; `{ rate: 0.2, kinds: ["429","503"] }` answers that share of
 * calls (deterministically, every 1/rate-th) with the kinds in turn; `{ down: true }` answers
 * every API call 503 until `{ down: false }`; `{ latencyMs }` delays every answer.
 * `POST /__control/seed?portal=` adds owners, companies and contacts; `GET /__control/state`
 * and `/__control/requests` let tests read what HubSpot holds and what it was asked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const FAKE_HUBSPOT_CLIENT_ID = "fake-hubspot-client-id";
export const FAKE_HUBSPOT_CLIENT_SECRET = "fake-hubspot-client-secret";

type Props = Record<string, string | null>;
type Obj = { id: string; properties: Props; createdAt: string; updatedAt: string; assoc: string[] };
type Owner = { id: string; email: string; firstName: string; lastName: string; archived?: boolean };
type Faults = {
  queue: string[];
  rate: number;
  kinds: string[];
  calls: number;
  down: boolean;
  latencyMs: number;
};
type Portal = {
  id: string;
  contacts: Map<string, Obj>;
  companies: Map<string, Obj>;
  meetings: Map<string, Obj>;
  owners: Owner[];
  scopes: Set<string> | null;
  faults: Faults;
  requests: { method: string; path: string; body: unknown; status: number }[];
};
type State = {
  portals: Map<string, Portal>;
  tokens: Map<string, { portal: string; expiresAt: number }>;
  refresh: Map<string, string>;
  /** Authorization codes not yet exchanged: code → its portal and redirect_uri. */
  codes: Map<string, { portal: string; redirectUri: string }>;
  seq: number;
  clock: () => number;
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "Content-Type": "application/json;charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
};

const cid = () => crypto.randomUUID();
/** HubSpot's documented error body. */
const hsError = (status: number, category: string, message: string, extra: object = {}) => ({
  status,
  body: { status: "error", message, correlationId: cid(), category, ...extra },
});

function portalOf(state: State, id: string): Portal {
  let p = state.portals.get(id);
  if (!p) {
    p = {
      id,
      contacts: new Map(),
      companies: new Map(),
      meetings: new Map(),
      owners: [],
      scopes: null,
      faults: { queue: [], rate: 0, kinds: [], calls: 0, down: false, latencyMs: 0 },
      requests: [],
    };
    state.portals.set(id, p);
  }
  return p;
}

/** The fault to answer this call with, if any. */
function nextFault(p: Portal): string | undefined {
  const f = p.faults;
  if (f.down) return "503";
  if (f.queue.length) return f.queue.shift();
  if (f.rate > 0) {
    f.calls++;
    const every = Math.round(1 / f.rate);
    if (f.calls % every === 0) return f.kinds[Math.floor(f.calls / every) % f.kinds.length] ?? "500";
  }
  return undefined;
}

function faultAnswer(
  kind: string,
): { status: number; body: unknown; headers?: Record<string, string> } | "hang" {
  switch (kind) {
    case "hang":
      return "hang";
    case "429":
      return {
        status: 429,
        body: {
          status: "error",
          message: "You have reached your secondly limit.",
          errorType: "RATE_LIMIT",
          correlationId: cid(),
          policyName: "SECONDLY",
          requestId: cid(),
        },
        headers: { "X-HubSpot-RateLimit-Secondly": "10", "X-HubSpot-RateLimit-Secondly-Remaining": "0" },
      };
    case "401":
      return hsError(
        401,
        "EXPIRED_AUTHENTICATION",
        "The OAuth token used to make this call expired 1 second(s) ago.",
      );
    case "403":
      return hsError(
        403,
        "MISSING_SCOPES",
        "This app hasn't been granted all required scopes to make this call.",
        {
          errors: [
            { message: "missing scope", context: { requiredGranularScopes: ["crm.objects.contacts.write"] } },
          ],
        },
      );
    default:
      return hsError(Number(kind), "INTERNAL_ERROR", "internal error");
  }
}

function now(state: State) {
  return new Date(state.clock()).toISOString();
}

function pick(o: Obj, wanted: string[] | undefined, defaults: string[]) {
  const names = [...new Set([...defaults, ...(wanted ?? [])])];
  const properties: Props = { hs_object_id: o.id };
  for (const n of names) if (n in o.properties) properties[n] = o.properties[n] ?? null;
  return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: false };
}

function makeObj(state: State, properties: Props): Obj {
  const at = now(state);
  const id = String(++state.seq);
  return {
    id,
    properties: { ...properties, hs_lastmodifieddate: at, createdate: at },
    createdAt: at,
    updatedAt: at,
    assoc: [],
  };
}

function touch(state: State, o: Obj, properties: Props) {
  const at = now(state);
  Object.assign(o.properties, properties, { hs_lastmodifieddate: at });
  o.updatedAt = at;
}

type Filter = { propertyName: string; operator: string; value: string };
function matches(o: Obj, filters: Filter[]): boolean {
  return filters.every((f) => {
    const v = o.properties[f.propertyName];
    if (f.operator === "EQ") return (v ?? "").toLowerCase() === String(f.value).toLowerCase();
    if (f.operator === "GTE") return v != null && Date.parse(v) >= Number(f.value);
    throw new Error(`operator ${f.operator} not in the fake`);
  });
}

const DEFAULTS: Record<string, string[]> = {
  contacts: ["email", "firstname", "lastname", "createdate", "lastmodifieddate"],
  companies: ["domain", "name", "createdate", "hs_lastmodifieddate"],
  meetings: ["hs_timestamp", "hs_meeting_title"],
};

function search(p: Portal, kind: "contacts" | "companies" | "meetings", body: any) {
  const store = p[kind];
  const groups: { filters: Filter[] }[] = body?.filterGroups ?? [];
  if (groups.length > 5 || groups.reduce((n, g) => n + g.filters.length, 0) > 25)
    return hsError(400, "VALIDATION_ERROR", "Too many filters");
  const limit = Math.min(Number(body?.limit ?? 10), 200);
  let rows = [...store.values()].filter((o) => !groups.length || groups.some((g) => matches(o, g.filters)));
  const sort = body?.sorts?.[0];
  if (sort)
    rows = rows.toSorted((a, b) => {
      const d =
        Date.parse(a.properties[sort.propertyName] ?? "") - Date.parse(b.properties[sort.propertyName] ?? "");
      return (sort.direction === "DESCENDING" ? -d : d) || Number(a.id) - Number(b.id);
    });
  const offset = Number(body?.after ?? 0);
  if (offset + limit > 10_000)
    return hsError(400, "VALIDATION_ERROR", "Search results are limited to 10,000");
  const page = rows.slice(offset, offset + limit);
  const next = offset + limit < rows.length ? { paging: { next: { after: String(offset + limit) } } } : {};
  return {
    status: 200,
    body: {
      total: rows.length,
      results: page.map((o) => pick(o, body?.properties, DEFAULTS[kind]!)),
      ...next,
    },
  };
}

function byEmail(p: Portal, email: string) {
  const e = email.toLowerCase();
  return [...p.contacts.values()].find((c) => (c.properties.email ?? "").toLowerCase() === e);
}

function upsert(state: State, p: Portal, body: any) {
  const results = (body?.inputs ?? []).map((input: any) => {
    if (input.idProperty !== "email") throw new Error("the fake upserts by email only");
    const found = byEmail(p, input.id);
    if (found) {
      touch(state, found, input.properties ?? {});
      return { ...pick(found, Object.keys(input.properties ?? {}), ["email"]), new: false };
    }
    const o = makeObj(state, { ...input.properties, email: input.id });
    p.contacts.set(o.id, o);
    return { ...pick(o, Object.keys(input.properties ?? {}), ["email"]), new: true };
  });
  return {
    status: 200,
    body: { status: "COMPLETE", results, startedAt: now(state), completedAt: now(state) },
  };
}

/** Object endpoints of one portal; `null` means no such route. */
function crm(state: State, p: Portal, method: string, path: string, body: any) {
  let m = /^\/crm\/v3\/objects\/(contacts|companies|meetings)\/search$/.exec(path);
  if (m && method === "POST") return search(p, m[1] as "contacts", body);
  if (path === "/crm/v3/objects/contacts/batch/upsert" && method === "POST") return upsert(state, p, body);
  if (path === "/crm/v3/objects/contacts" && method === "POST") {
    const existing = byEmail(p, body?.properties?.email ?? "");
    if (existing) return hsError(409, "CONFLICT", `Contact already exists. Existing ID: ${existing.id}`);
    const o = makeObj(state, body.properties);
    p.contacts.set(o.id, o);
    return { status: 201, body: pick(o, Object.keys(body.properties), []) };
  }
  if (path === "/crm/v3/objects/meetings" && method === "POST") {
    const o = makeObj(state, body.properties);
    o.assoc = (body.associations ?? []).map((a: any) => String(a.to.id));
    p.meetings.set(o.id, o);
    return { status: 201, body: pick(o, Object.keys(body.properties), []) };
  }
  m = /^\/crm\/v3\/objects\/(contacts|meetings|companies)\/([^/]+)$/.exec(path);
  if (m) {
    const o = p[m[1] as "contacts"].get(m[2]!);
    if (!o) return hsError(404, "OBJECT_NOT_FOUND", "resource not found");
    if (method === "PATCH") touch(state, o, body.properties ?? {});
    return { status: 200, body: pick(o, Object.keys(o.properties), []) };
  }
  m = /^\/crm\/v4\/objects\/contacts?\/([^/]+)\/associations\/default\/compan(?:y|ies)\/([^/]+)$/.exec(path);
  if (m && method === "PUT") {
    const contact = p.contacts.get(m[1]!);
    if (!contact || !p.companies.has(m[2]!)) return hsError(404, "OBJECT_NOT_FOUND", "resource not found");
    if (!contact.assoc.includes(m[2]!)) contact.assoc.push(m[2]!);
    return {
      status: 200,
      body: {
        status: "COMPLETE",
        results: [
          {
            from: { id: m[1] },
            to: { id: m[2] },
            associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 },
          },
        ],
      },
    };
  }
  if (path === "/crm/v3/owners" && method === "GET")
    return {
      status: 200,
      body: {
        results: p.owners.map((o) => ({
          ...o,
          type: "PERSON",
          userId: Number(o.id) + 1000,
          archived: !!o.archived,
        })),
      },
    };
  return null;
}

const SCOPE_OF: [RegExp, string][] = [
  [/^\/crm\/v3\/owners/, "crm.objects.owners.read"],
  [/^\/crm\/v3\/objects\/companies/, "crm.objects.companies.read"],
  [/^\/crm\/v4\/objects\/contacts?\//, "crm.objects.contacts.write"],
  [/^\/crm\/v3\/objects\/(contacts|meetings)\/search/, "crm.objects.contacts.read"],
  [/^\/crm\/v3\/objects\/(contacts|meetings)/, "crm.objects.contacts.write"],
];

function authorize(
  state: State,
  req: IncomingMessage,
): { portal: Portal } | { status: number; body: unknown } {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  if (bearer.startsWith("pat-")) return { portal: portalOf(state, bearer.slice(4)) };
  const t = state.tokens.get(bearer);
  if (!t)
    return hsError(
      401,
      "INVALID_AUTHENTICATION",
      "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
    );
  if (t.expiresAt <= state.clock())
    return hsError(
      401,
      "EXPIRED_AUTHENTICATION",
      "The OAuth token used to make this call expired 1 second(s) ago.",
    );
  return { portal: portalOf(state, t.portal) };
}

function issue(state: State, portal: string) {
  const access = `at-${cid()}`;
  const refresh = `rt-${cid()}`;
  state.tokens.set(access, { portal, expiresAt: state.clock() + 1_800_000 });
  state.refresh.set(refresh, portal);
  return { access_token: access, refresh_token: refresh, expires_in: 1800, token_type: "bearer" };
}

function token(state: State, form: URLSearchParams) {
  if (
    form.get("client_id") !== FAKE_HUBSPOT_CLIENT_ID ||
    form.get("client_secret") !== FAKE_HUBSPOT_CLIENT_SECRET
  )
    return { status: 400, body: { status: "BAD_CLIENT_ID", message: "missing or unknown client id" } };
  const grant = form.get("grant_type");
  if (grant === "authorization_code") {
    const granted = state.codes.get(form.get("code") ?? "");
    if (!granted || granted.redirectUri !== form.get("redirect_uri"))
      return { status: 400, body: { status: "BAD_AUTH_CODE", message: "auth code not found" } };
    state.codes.delete(form.get("code")!); // single-use
    return { status: 200, body: issue(state, granted.portal) };
  }
  if (grant === "refresh_token") {
    const portal = state.refresh.get(form.get("refresh_token") ?? "");
    if (!portal)
      return {
        status: 400,
        body: { status: "BAD_REFRESH_TOKEN", message: "missing or invalid refresh token" },
      };
    const grantBody = issue(state, portal);
    state.refresh.delete(grantBody.refresh_token); // HubSpot keeps the same refresh token
    return { status: 200, body: { ...grantBody, refresh_token: form.get("refresh_token") } };
  }
  return { status: 400, body: { status: "BAD_GRANT_TYPE", message: "unknown grant" } };
}

/** The consent screen, approved at once: back to redirect_uri with a fresh single-use code. */
function consent(state: State, url: URL, res: ServerResponse) {
  const redirectUri = url.searchParams.get("redirect_uri") ?? "";
  if (url.searchParams.get("client_id") !== FAKE_HUBSPOT_CLIENT_ID || !URL.canParse(redirectUri))
    return json(res, 400, { status: "BAD_REQUEST", message: "unknown client_id or bad redirect_uri" });
  const code = `code-${cid()}`;
  state.codes.set(code, { portal: url.searchParams.get("portal") ?? "demo", redirectUri });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  target.searchParams.set("state", url.searchParams.get("state") ?? "");
  res.writeHead(302, { Location: target.toString() });
  res.end();
}

function control(state: State, url: URL, body: any, res: ServerResponse) {
  const p = portalOf(state, url.searchParams.get("portal") ?? "demo");
  switch (url.pathname) {
    case "/__control/faults":
      Object.assign(p.faults, body, { queue: [...(body.queue ?? p.faults.queue)], calls: 0 });
      return json(res, 200, {});
    case "/__control/scopes":
      p.scopes = body.scopes ? new Set(body.scopes) : null;
      return json(res, 200, {});
    case "/__control/expire":
      for (const t of state.tokens.values()) if (t.portal === p.id) t.expiresAt = 0;
      return json(res, 200, {});
    case "/__control/seed":
      for (const o of body.owners ?? []) p.owners.push(o);
      for (const c of body.companies ?? []) {
        const o = makeObj(state, c.properties);
        if (c.updatedAt) Object.assign(o.properties, { hs_lastmodifieddate: c.updatedAt });
        p.companies.set(o.id, o);
      }
      for (const c of body.contacts ?? []) {
        const o = makeObj(state, c.properties);
        p.contacts.set(o.id, o);
      }
      return json(res, 200, { companies: [...p.companies.values()].map((c) => c.id) });
    case "/__control/state": {
      const dump = (m: Map<string, Obj>) =>
        [...m.values()].map((o) => ({ id: o.id, properties: o.properties, associations: o.assoc }));
      return json(res, 200, {
        contacts: dump(p.contacts),
        companies: dump(p.companies),
        meetings: dump(p.meetings),
        owners: p.owners,
      });
    }
    case "/__control/requests":
      return json(res, 200, { requests: p.requests });
  }
  json(res, 404, {});
}

function answer(
  res: ServerResponse,
  p: Portal | null,
  a: { status: number; body: unknown; headers?: Record<string, string> },
  req: IncomingMessage,
  path: string,
  body: unknown,
) {
  p?.requests.push({ method: req.method ?? "GET", path, body, status: a.status });
  const send = () => json(res, a.status, a.body, a.headers);
  const delay = p?.faults.latencyMs ?? 0;
  if (delay) setTimeout(send, delay);
  else send();
}

function route(state: State, req: IncomingMessage, res: ServerResponse, raw: string) {
  const url = new URL(req.url ?? "/", "http://fake");
  const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
  const body = form ? new URLSearchParams(raw) : raw ? JSON.parse(raw) : undefined;
  if (url.pathname.startsWith("/__control/")) return control(state, url, body, res);
  if (url.pathname === "/oauth/authorize") return consent(state, url, res);
  if (url.pathname === "/oauth/v1/token" && req.method === "POST")
    return answer(res, null, token(state, body), req, url.pathname, undefined);
  const auth = authorize(state, req);
  if (!("portal" in auth)) return answer(res, null, auth, req, url.pathname, body);
  const p = auth.portal;
  const fault = nextFault(p);
  if (fault) {
    const a = faultAnswer(fault);
    if (a === "hang")
      return void p.requests.push({ method: req.method ?? "GET", path: url.pathname, body, status: 0 });
    return answer(res, p, a, req, url.pathname, body);
  }
  const scope = SCOPE_OF.find(([re]) => re.test(url.pathname))?.[1];
  if (p.scopes && scope && !p.scopes.has(scope))
    return answer(
      res,
      p,
      hsError(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", {
        errors: [{ message: "missing scope", context: { requiredGranularScopes: [scope] } }],
      }),
      req,
      url.pathname,
      body,
    );
  const a =
    crm(state, p, req.method ?? "GET", url.pathname, body) ??
    hsError(404, "OBJECT_NOT_FOUND", "resource not found");
  answer(res, p, a, req, url.pathname, body);
}

/** Starts the fake on a loopback port (0 = any free one). `url` is the API root. */
export function startFakeHubSpot(
  port = 0,
  clock: () => number = Date.now,
): Promise<{ url: string; server: Server }> {
  const state: State = {
    portals: new Map(),
    tokens: new Map(),
    refresh: new Map(),
    codes: new Map(),
    seq: 100,
    clock,
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      try {
        route(state, req, res, raw);
      } catch (err) {
        if (!res.headersSent)
          json(res, 500, {
            status: "error",
            message: String(err),
            correlationId: cid(),
            category: "INTERNAL_ERROR",
          });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${bound}`, server });
    });
  });
}
