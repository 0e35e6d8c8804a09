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
import type { IncomingMessage, ServerResponse } from "node:http";
import { cid, crm, hsError, makeObj, type Obj, type Store } from "./hubspot-objects";
import { FaultPlan, redirect, sendJson, startFake, type Answer, type FakeRequest } from "./server";

export const FAKE_HUBSPOT_CLIENT_ID = "fake-hubspot-client-id";
export const FAKE_HUBSPOT_CLIENT_SECRET = "fake-hubspot-client-secret";

type Portal = Store & {
  id: string;
  scopes: Set<string> | null;
  faults: FaultPlan;
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

const JSON_TYPE = "application/json;charset=utf-8";
const json = (res: ServerResponse, status: number, body: unknown) =>
  sendJson(res, { status, body }, JSON_TYPE);

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
      faults: new FaultPlan(),
      requests: [],
    };
    state.portals.set(id, p);
  }
  return p;
}

function faultAnswer(kind: string): Answer | "hang" {
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
  redirect(res, target.toString());
}

function control(state: State, url: URL, body: any, res: ServerResponse) {
  const p = portalOf(state, url.searchParams.get("portal") ?? "demo");
  switch (url.pathname) {
    case "/__control/faults":
      p.faults.configure(body);
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

/** Records the call in its portal (if it has one) and answers after the portal's latency. */
function answer(res: ServerResponse, p: Portal | null, a: Answer | "hang", r: FakeRequest) {
  const status = a === "hang" ? 0 : a.status;
  p?.requests.push({ method: r.method, path: r.url.pathname, body: r.body, status });
  if (p) p.faults.answer(res, a, JSON_TYPE);
  else if (a !== "hang") sendJson(res, a, JSON_TYPE);
}

function route(state: State, r: FakeRequest, res: ServerResponse) {
  const { url, body } = r;
  if (url.pathname.startsWith("/__control/")) return control(state, url, body, res);
  if (url.pathname === "/oauth/authorize") return consent(state, url, res);
  if (url.pathname === "/oauth/v1/token" && r.method === "POST")
    return answer(res, null, token(state, body), { ...r, body: undefined });
  const auth = authorize(state, r.req);
  if (!("portal" in auth)) return answer(res, null, auth, r);
  const p = auth.portal;
  const fault = p.faults.next();
  if (fault) return answer(res, p, faultAnswer(fault), r);
  const scope = SCOPE_OF.find(([re]) => re.test(url.pathname))?.[1];
  if (p.scopes && scope && !p.scopes.has(scope))
    return answer(
      res,
      p,
      hsError(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", {
        errors: [{ message: "missing scope", context: { requiredGranularScopes: [scope] } }],
      }),
      r,
    );
  const a =
    crm(state, p, r.method, url.pathname, body) ?? hsError(404, "OBJECT_NOT_FOUND", "resource not found");
  answer(res, p, a, r);
}

/** Starts the fake on a loopback port (0 = any free one). `url` is the API root. */
export function startFakeHubSpot(port = 0, clock: () => number = Date.now) {
  const state: State = {
    portals: new Map(),
    tokens: new Map(),
    refresh: new Map(),
    codes: new Map(),
    seq: 100,
    clock,
  };
  return startFake(
    (r, res) => route(state, r, res),
    (err) => ({
      status: 500,
      body: { status: "error", message: String(err), correlationId: cid(), category: "INTERNAL_ERROR" },
    }),
    port,
  );
}
