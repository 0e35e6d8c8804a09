/**
 * A local stand-in for Salesforce's REST API and OAuth endpoints, written to the documented
 * shapes (sources in docs/integrations-salesforce.md). Orgs keep test files apart: the JWT
 * `sub` `someone@<org>` or an OAuth code `code-<org>` selects (and creates) org `<org>`.
 *
 * - `GET /services/oauth2/authorize` (response_type=code, this fake's client_id, a redirect_uri)
 *   answers 302 to `redirect_uri?code=code-<org>-<uuid>&state=…` (`?org=` picks the org; default
 *   "demo"; `?deny=1` answers `error=access_denied` as when the user clicks Deny). A code is good
 *   once, and only with the same redirect_uri (OAuth 2.0, RFC 6749 §4.1.3). `POST /services/oauth2/token` takes the
 *   authorization_code, refresh_token and JWT bearer grants (the assertion's RS256 signature is
 *   checked against the key pair this fake made at start; iss, aud, exp ≤ 3 min as documented).
 *   Errors are `{ error, error_description }`. Sessions last 2 h or until `/__control/expire`.
 * - `/services/data/vXX.X/`: `query?q=` (SOQL, salesforce-soql.ts; `done`/`nextRecordsUrl`
 *   paging by the org's batch size), `query/<locator>`, `composite` (≤ 25 subrequests, `@{ref…}`
 *   references), `sobjects/<Type>` create, `sobjects/<Type>/<Id>` get/patch,
 *   `sobjects/<Type>/<ExtField>/<value>` upsert.
 * - Errors are arrays of `{ message, errorCode, fields? }`: 401 INVALID_SESSION_ID, 403
 *   REQUEST_LIMIT_EXCEEDED, 400 MALFORMED_QUERY / FIELD_CUSTOM_VALIDATION_EXCEPTION /
 *   DUPLICATES_DETECTED / INVALID_FIELD_FOR_INSERT_UPDATE, 404 NOT_FOUND, 500 UNKNOWN_EXCEPTION,
 *   503 SERVER_UNAVAILABLE.
 *
 * Control (`/__control/<what>?org=`): `faults` `{ queue: ["limit","500","503","401","hang"] }`,
 * `{ rate, kinds }` (every 1/rate-th call), `{ down }`, `{ latencyMs }`, `{ batchSize }`; `seed`
 * `{ users, accounts, contacts, leads }` (records as field maps, `Id` optional); `rules`
 * `{ validation: [{ object, field, equals, message }], duplicates: boolean, hiddenFields: ["Lead.X__c"] }`;
 * `expire`; `instance` `{ url }` (the `instance_url` token responses name); `state`; `requests` (API calls, and `grants`: the grant_type of each token issued).
 */
import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import type { ServerResponse } from "node:http";
import { api, insert, sfError, type Records } from "./salesforce-records";
import { FaultPlan, redirect, sendJson, startFake, type Answer, type FakeRequest } from "./server";

export const FAKE_SF_CLIENT_ID = "fake-sf-consumer-key";
export const FAKE_SF_CLIENT_SECRET = "fake-sf-consumer-secret";

type Org = Records & {
  name: string;
  orgId: string;
  faults: FaultPlan;
  requests: { method: string; path: string; body: unknown; status: number }[];
  /** grant_type of each token the org issued. */
  grants: string[];
  /** The org's clock minus the fake's: a test running at a frozen time checks JWT `exp` against it. */
  clockOffset: number;
  /** What token responses name as `instance_url` (default: this fake's own URL). */
  instanceUrl?: string;
};
type State = {
  url: string;
  orgs: Map<string, Org>;
  tokens: Map<string, { org: string; expiresAt: number }>;
  refresh: Map<string, string>;
  /** Authorization codes handed out by /authorize: org and the redirect_uri they were issued for. */
  codes: Map<string, { org: string; redirectUri: string }>;
  publicKey: KeyObject;
  clock: () => number;
};

const SESSION_MS = 2 * 3600_000;
const JSON_TYPE = "application/json;charset=UTF-8";
const json = (res: ServerResponse, status: number, body: unknown) =>
  sendJson(res, { status, body }, JSON_TYPE);

function orgOf(state: State, name: string): Org {
  let o = state.orgs.get(name);
  if (!o) {
    const n = state.orgs.size + 1;
    o = {
      name,
      orgId: `00D${String(n).padStart(12, "0")}AAA`,
      records: new Map(),
      seq: 0,
      batchSize: 2000,
      locators: new Map(),
      faults: new FaultPlan(),
      rules: { validation: [], duplicates: false, hiddenFields: [] },
      requests: [],
      grants: [],
      clockOffset: 0,
    };
    state.orgs.set(name, o);
  }
  return o;
}

function faultAnswer(kind: string): Answer | "hang" {
  if (kind === "hang") return "hang";
  if (kind === "limit") return sfError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  if (kind === "401") return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
  if (kind === "503") return sfError(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable.");
  return sfError(Number(kind) || 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.");
}

function b64urlJson(part: string): any {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

function issue(state: State, org: Org, withRefresh: boolean) {
  const access = `${org.orgId}!AQ${crypto.randomUUID()}`;
  state.tokens.set(access, { org: org.name, expiresAt: state.clock() + SESSION_MS });
  const out: Record<string, string> = {
    access_token: access,
    scope: withRefresh ? "api refresh_token" : "api",
    instance_url: org.instanceUrl ?? state.url,
    id: `${state.url}/id/${org.orgId}/005000000000001AAA`,
    token_type: "Bearer",
  };
  if (withRefresh) {
    const refresh = `5Aep${crypto.randomUUID()}`;
    state.refresh.set(refresh, org.name);
    Object.assign(out, { refresh_token: refresh, issued_at: String(state.clock()), signature: "ZmFrZQ==" });
  }
  return out;
}

function token(state: State, form: URLSearchParams): Answer {
  const bad = (error: string, error_description: string): Answer => ({
    status: 400,
    body: { error, error_description },
  });
  const grant = form.get("grant_type");
  if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    const [h, p, s] = (form.get("assertion") ?? "").split(".");
    if (!h || !p || !s) return bad("invalid_grant", "invalid assertion");
    const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), state.publicKey, Buffer.from(s, "base64url"));
    const claims = b64urlJson(p);
    if (!ok || b64urlJson(h).alg !== "RS256") return bad("invalid_grant", "invalid assertion");
    if (claims.iss !== FAKE_SF_CLIENT_ID) return bad("invalid_client_id", "client identifier invalid");
    if (claims.aud !== state.url) return bad("invalid_grant", "audience is invalid");
    const name = /@(.+)$/.exec(String(claims.sub ?? ""))?.[1];
    if (!name) return bad("invalid_grant", "user hasn't approved this consumer");
    const org = orgOf(state, name);
    const nowS = (state.clock() + org.clockOffset) / 1000;
    if (!(claims.exp > nowS) || claims.exp > nowS + 180 + 30)
      return bad("invalid_grant", "expired authorization code");
    return { status: 200, body: issue(state, org, false) };
  }
  if (form.get("client_id") !== FAKE_SF_CLIENT_ID)
    return bad("invalid_client_id", "client identifier invalid");
  if (form.get("client_secret") !== FAKE_SF_CLIENT_SECRET)
    return bad("invalid_client", "invalid client credentials");
  if (grant === "authorization_code") {
    const code = form.get("code") ?? "";
    const issued = state.codes.get(code);
    state.codes.delete(code); // good once, even when the exchange fails
    if (!issued) return bad("invalid_grant", "invalid authorization code");
    if (form.get("redirect_uri") !== issued.redirectUri)
      return bad("redirect_uri_mismatch", "redirect_uri must match configuration");
    return { status: 200, body: issue(state, orgOf(state, issued.org), true) };
  }
  if (grant === "refresh_token") {
    const org = state.refresh.get(form.get("refresh_token") ?? "");
    if (!org) return bad("invalid_grant", "expired access/refresh token");
    const { refresh_token: _drop, ...rest } = issue(state, orgOf(state, org), true);
    state.refresh.delete(_drop!);
    return { status: 200, body: rest };
  }
  return bad("unsupported_grant_type", "grant type not supported");
}

function control(state: State, url: URL, body: any, res: ServerResponse) {
  const org = orgOf(state, url.searchParams.get("org") ?? "demo");
  const send = (b: unknown) => json(res, 200, b);
  switch (url.pathname) {
    case "/__control/faults":
      if (body.batchSize) org.batchSize = body.batchSize;
      org.faults.configure(body);
      return send({});
    case "/__control/clock":
      org.clockOffset = Number(body.now) - state.clock();
      return send({});
    case "/__control/instance":
      org.instanceUrl = body.url;
      return send({});
    case "/__control/rules":
      Object.assign(org.rules, body);
      return send({});
    case "/__control/expire":
      for (const t of state.tokens.values()) if (t.org === org.name) t.expiresAt = 0;
      return send({});
    case "/__control/seed": {
      const ids: Record<string, string[]> = {};
      for (const [key, type] of [
        ["users", "User"],
        ["accounts", "Account"],
        ["contacts", "Contact"],
        ["leads", "Lead"],
      ] as const)
        ids[key] = (body[key] ?? []).map((f: Record<string, unknown>) => insert(state, org, type, f).Id);
      return send(ids);
    }
    case "/__control/state": {
      const of = (type: string) =>
        [...org.records.values()].filter((r) => r.type === type).map((r) => ({ Id: r.Id, ...r.fields }));
      return send({
        leads: of("Lead"),
        contacts: of("Contact"),
        accounts: of("Account"),
        events: of("Event"),
        users: of("User"),
      });
    }
    case "/__control/requests":
      return send({ requests: org.requests, grants: org.grants });
  }
  json(res, 404, {});
}

/**
 * The approval page, already approved (or denied with `?deny=1`): Salesforce shows an error page
 * rather than redirecting when the client or the callback URL is wrong.
 */
function authorize(state: State, url: URL, res: ServerResponse) {
  const q = url.searchParams;
  const back = q.get("redirect_uri") ?? "";
  if (q.get("response_type") !== "code" || q.get("client_id") !== FAKE_SF_CLIENT_ID || !URL.canParse(back))
    return json(res, 400, { error: "invalid_client_id", error_description: "client identifier invalid" });
  const target = new URL(back);
  const org = q.get("org") ?? "demo";
  if (q.get("deny")) {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "end-user denied authorization");
  } else {
    const code = `code-${org}-${crypto.randomUUID()}`;
    state.codes.set(code, { org, redirectUri: back });
    target.searchParams.set("code", code);
  }
  if (q.has("state")) target.searchParams.set("state", q.get("state") ?? "");
  return redirect(res, target.toString());
}

function route(state: State, r: FakeRequest, res: ServerResponse) {
  const { url, method, body } = r;
  if (url.pathname.startsWith("/__control/")) return control(state, url, body, res);
  if (url.pathname === "/services/oauth2/authorize") return authorize(state, url, res);
  if (url.pathname === "/services/oauth2/token" && method === "POST") {
    const a = token(state, body);
    const org = state.tokens.get((a.body as { access_token?: string }).access_token ?? "")?.org;
    if (org) orgOf(state, org).grants.push(body.get("grant_type") ?? ""); // no codes, secrets or tokens
    return sendJson(res, a, JSON_TYPE);
  }
  const bearer = /^Bearer (.+)$/.exec(r.req.headers.authorization ?? "")?.[1] ?? "";
  const session = state.tokens.get(bearer);
  if (!session || session.expiresAt <= state.clock()) {
    const path = `${url.pathname}${url.search}`;
    if (session) orgOf(state, session.org).requests.push({ method, path, body, status: 401 });
    return sendJson(res, sfError(401, "INVALID_SESSION_ID", "Session expired or invalid"), JSON_TYPE);
  }
  const org = orgOf(state, session.org);
  const fault = org.faults.next();
  const a = fault ? faultAnswer(fault) : api(state, org, method, url, body);
  org.requests.push({
    method,
    path: `${url.pathname}${url.search}`,
    body,
    status: a === "hang" ? 0 : a.status,
  });
  org.faults.answer(res, a, JSON_TYPE);
}

/** Starts the fake on a loopback port (0 = any free one). `url` is both login and instance URL. */
export async function startFakeSalesforce(port = 0, clock: () => number = Date.now) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const state: State = {
    url: "",
    orgs: new Map(),
    tokens: new Map(),
    refresh: new Map(),
    codes: new Map(),
    publicKey,
    clock,
  };
  const { url, server } = await startFake(
    (r, res) => route(state, r, res),
    (err) => ({ status: 500, body: [{ errorCode: "UNKNOWN_EXCEPTION", message: String(err) }] }),
    port,
  );
  state.url = url;
  return { url, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), server };
}
