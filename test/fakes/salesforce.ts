/**
 * A local stand-in for Salesforce's REST API and OAuth endpoints, written to the documented
 * shapes (sources in docs/integrations-salesforce.md). Orgs keep test files apart: the JWT
 * `sub` `someone@<org>` or an OAuth code `code-<org>` selects (and creates) org `<org>`.
 *
 * - `GET /services/oauth2/authorize` (response_type=code, this fake's client_id, a redirect_uri)
 *   answers 302 to `redirect_uri?code=code-<org>-<n>&state=…` (`?org=` picks the org; default
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
 * `expire`; `state`; `requests` (API calls, and `grants`: the grant_type of each token issued).
 */
import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { parseSoql, project, runSoql, SoqlError, type SfRecord } from "./salesforce-soql";

export const FAKE_SF_CLIENT_ID = "fake-sf-consumer-key";
export const FAKE_SF_CLIENT_SECRET = "fake-sf-consumer-secret";

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type Faults = {
  queue: string[];
  rate: number;
  kinds: string[];
  calls: number;
  down: boolean;
  latencyMs: number;
};
type Rules = {
  validation: { object: string; field: string; equals: string; message: string }[];
  duplicates: boolean;
  hiddenFields: string[];
};
type Org = {
  name: string;
  orgId: string;
  records: Map<string, SfRecord>;
  seq: number;
  batchSize: number;
  locators: Map<string, { rows: unknown[]; at: number }>;
  faults: Faults;
  rules: Rules;
  requests: { method: string; path: string; body: unknown; status: number }[];
  /** grant_type of each token the org issued. */
  grants: string[];
  /** The org's clock minus the fake's: a test running at a frozen time checks JWT `exp` against it. */
  clockOffset: number;
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

const PREFIX: Record<string, string> = {
  Lead: "00Q",
  Contact: "003",
  Account: "001",
  Event: "00U",
  User: "005",
};
const SESSION_MS = 2 * 3600_000;
const sfError = (status: number, errorCode: string, message: string, extra: object = {}): Answer => ({
  status,
  body: [{ message, errorCode, ...extra }],
});

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
      faults: { queue: [], rate: 0, kinds: [], calls: 0, down: false, latencyMs: 0 },
      rules: { validation: [], duplicates: false, hiddenFields: [] },
      requests: [],
      grants: [],
      clockOffset: 0,
    };
    state.orgs.set(name, o);
  }
  return o;
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

function insert(state: State, org: Org, type: string, fields: Record<string, unknown>): SfRecord {
  const id = (fields.Id as string) ?? `${PREFIX[type] ?? "a00"}${String(++org.seq).padStart(12, "0")}AAA`;
  const at = iso(state.clock());
  const rec: SfRecord = {
    Id: id,
    type,
    // Leads are open until converted (Lead.IsConverted, Lead.Status defaults).
    fields: {
      CreatedDate: at,
      SystemModstamp: at,
      ...(type === "Lead" ? { IsConverted: false, Status: "Open - Not Contacted" } : {}),
      ...fields,
      Id: undefined,
    },
  };
  delete rec.fields.Id;
  org.records.set(id, rec);
  return rec;
}

function nextFault(org: Org): string | undefined {
  const f = org.faults;
  if (f.down) return "503";
  if (f.queue.length) return f.queue.shift();
  if (f.rate > 0) {
    f.calls++;
    const every = Math.round(1 / f.rate);
    if (f.calls % every === 0) return f.kinds[Math.floor(f.calls / every) % f.kinds.length] ?? "500";
  }
  return undefined;
}

function faultAnswer(kind: string): Answer | "hang" {
  if (kind === "hang") return "hang";
  if (kind === "limit") return sfError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  if (kind === "401") return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
  if (kind === "503") return sfError(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable.");
  return sfError(Number(kind) || 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.");
}

/** Validation rules, field-level security and duplicate rules, as a save would meet them. */
function checkSave(
  org: Org,
  type: string,
  fields: Record<string, unknown>,
  existing?: SfRecord,
): Answer | null {
  const hidden = Object.keys(fields).filter((f) => org.rules.hiddenFields.includes(`${type}.${f}`));
  if (hidden.length)
    return sfError(
      400,
      "INVALID_FIELD_FOR_INSERT_UPDATE",
      `Unable to create/update fields: ${hidden.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      { fields: hidden },
    );
  const merged = { ...existing?.fields, ...fields };
  for (const r of org.rules.validation)
    if (r.object === type && String(merged[r.field] ?? "") === r.equals)
      return sfError(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", r.message, { fields: [r.field] });
  if (!existing && org.rules.duplicates && type === "Lead" && typeof fields.Email === "string") {
    const dup = [...org.records.values()].find(
      (x) =>
        x.type === "Contact" && String(x.fields.Email).toLowerCase() === String(fields.Email).toLowerCase(),
    );
    if (dup)
      return {
        status: 400,
        body: [
          {
            duplicateResult: {
              allowSave: false,
              duplicateRule: "Standard_Rule_for_Leads_with_Duplicate_Contacts",
              duplicateRuleEntityType: "Lead",
              errorMessage: "Use one of these records?",
              matchResults: [
                {
                  entityType: "Contact",
                  errors: [],
                  matchEngine: "FuzzyMatchEngine",
                  matchRecords: [
                    { matchConfidence: 100, record: { attributes: { type: "Contact" }, Id: dup.Id } },
                  ],
                  rule: "Standard_Contact_Match_Rule_v1_1",
                  size: 1,
                  success: true,
                },
              ],
            },
            errorCode: "DUPLICATES_DETECTED",
            message: "Use one of these records?",
          },
        ],
      };
  }
  return null;
}

function query(state: State, org: Org, q: string, version: string): Answer {
  let parsed;
  try {
    parsed = parseSoql(q);
  } catch (err) {
    if (err instanceof SoqlError) return sfError(400, "MALFORMED_QUERY", err.message);
    throw err;
  }
  const resolve = (id: unknown) => (typeof id === "string" ? org.records.get(id) : undefined);
  const all = [...org.records.values()].filter((r) => r.type === parsed.object);
  const rows = runSoql(parsed, all, resolve).map((r) => project(r, parsed.fields, resolve, version));
  return page(state, org, rows, 0, version);
}

function page(state: State, org: Org, rows: unknown[], offset: number, version: string): Answer {
  const batch = rows.slice(offset, offset + org.batchSize);
  const done = offset + batch.length >= rows.length;
  const body: Record<string, unknown> = { totalSize: rows.length, done, records: batch };
  if (!done) {
    const locator = `01g${String(org.locators.size + 1).padStart(15, "0")}`;
    org.locators.set(locator, { rows, at: state.clock() });
    body.nextRecordsUrl = `/services/data/${version}/query/${locator}-${offset + batch.length}`;
  }
  return { status: 200, body };
}

function sobjects(state: State, org: Org, method: string, parts: string[], body: any): Answer {
  const [type, a, b] = parts as [string, string | undefined, string | undefined];
  if (!PREFIX[type]) return sfError(404, "NOT_FOUND", `The requested resource does not exist`);
  if (!a && method === "POST") {
    const bad = checkSave(org, type, body ?? {});
    if (bad) return bad;
    if (type === "Lead" && (!body?.LastName || !body?.Company))
      return sfError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName, Company]", {
        fields: ["LastName", "Company"].filter((f) => !body?.[f]),
      });
    return { status: 201, body: { id: insert(state, org, type, body ?? {}).Id, success: true, errors: [] } };
  }
  if (a && b !== undefined && method === "PATCH") {
    const found = [...org.records.values()].filter(
      (r) => r.type === type && String(r.fields[a] ?? "") === decodeURIComponent(b),
    );
    if (found.length > 1)
      return { status: 300, body: found.map((r) => `/services/data/v62.0/sobjects/${type}/${r.Id}`) };
    const bad = checkSave(org, type, body ?? {}, found[0]);
    if (bad) return bad;
    if (found[0]) {
      Object.assign(found[0].fields, body, { SystemModstamp: iso(state.clock()) });
      return { status: 200, body: { id: found[0].Id, success: true, errors: [], created: false } };
    }
    const rec = insert(state, org, type, { ...body, [a]: decodeURIComponent(b) });
    return { status: 201, body: { id: rec.Id, success: true, errors: [], created: true } };
  }
  const rec = a ? org.records.get(a) : undefined;
  if (!rec || rec.type !== type) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  if (method === "PATCH") {
    const bad = checkSave(org, type, body ?? {}, rec);
    if (bad) return bad;
    Object.assign(rec.fields, body, { SystemModstamp: iso(state.clock()) });
    return { status: 204, body: null };
  }
  return {
    status: 200,
    body: {
      attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${rec.Id}` },
      Id: rec.Id,
      ...rec.fields,
    },
  };
}

/** Replaces `@{ref.path}` with values from earlier subrequests' bodies. */
function dereference(value: unknown, refs: Map<string, unknown>): unknown {
  if (typeof value === "string")
    return value.replace(
      /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g,
      (_, ref: string, path: string) => {
        let v: any = refs.get(ref);
        for (const step of path.match(/[A-Za-z0-9_]+|\d+/g) ?? []) v = v?.[step];
        return String(v ?? "");
      },
    );
  if (Array.isArray(value)) return value.map((v) => dereference(v, refs));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dereference(v, refs)]));
  return value;
}

function composite(state: State, org: Org, body: any): Answer {
  const subs: any[] = body?.compositeRequest ?? [];
  if (!subs.length || subs.length > 25)
    return sfError(400, "INVALID_INPUT", "A composite request must have 1 to 25 subrequests");
  const refs = new Map<string, unknown>();
  const compositeResponse = subs.map((s) => {
    const url = new URL(String(dereference(s.url, refs)), "http://fake");
    const a = api(state, org, s.method, url, dereference(s.body, refs));
    refs.set(s.referenceId, a.body);
    return { body: a.body, httpHeaders: {}, httpStatusCode: a.status, referenceId: s.referenceId };
  });
  return { status: 200, body: { compositeResponse } };
}

function api(state: State, org: Org, method: string, url: URL, body: unknown): Answer {
  const m = /^\/services\/data\/(v\d+\.\d)\/(.*)$/.exec(url.pathname);
  if (!m) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  const [, version, rest] = m as unknown as [string, string, string];
  if (rest === "query" && method === "GET")
    return query(state, org, url.searchParams.get("q") ?? "", version);
  const more = /^query\/(01g\d+)-(\d+)$/.exec(rest);
  if (more && method === "GET") {
    const loc = org.locators.get(more[1]!);
    if (!loc) return sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    return page(state, org, loc.rows, Number(more[2]), version);
  }
  if (rest === "composite" && method === "POST") return composite(state, org, body);
  if (rest.startsWith("sobjects/")) return sobjects(state, org, method, rest.split("/").slice(1), body);
  return sfError(404, "NOT_FOUND", "The requested resource does not exist");
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
    instance_url: state.url,
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
      Object.assign(org.faults, body, { queue: [...(body.queue ?? org.faults.queue)], calls: 0 });
      return send({});
    case "/__control/clock":
      org.clockOffset = Number(body.now) - state.clock();
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
  const redirect = q.get("redirect_uri") ?? "";
  if (
    q.get("response_type") !== "code" ||
    q.get("client_id") !== FAKE_SF_CLIENT_ID ||
    !URL.canParse(redirect)
  )
    return json(res, 400, { error: "invalid_client_id", error_description: "client identifier invalid" });
  const target = new URL(redirect);
  const org = q.get("org") ?? "demo";
  if (q.get("deny")) {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "end-user denied authorization");
  } else {
    const code = `code-${org}-${crypto.randomUUID()}`;
    state.codes.set(code, { org, redirectUri: redirect });
    target.searchParams.set("code", code);
  }
  if (q.has("state")) target.searchParams.set("state", q.get("state") ?? "");
  res.writeHead(302, { Location: target.toString() });
  res.end();
}

/** Granted token requests, by grant type only (no codes, secrets or tokens), kept apart from API calls. */
function tokenRequests(state: State, form: URLSearchParams, a: Answer) {
  const body = a.body as { access_token?: string };
  const org = body.access_token ? state.tokens.get(body.access_token)?.org : undefined;
  if (org) orgOf(state, org).grants.push(form.get("grant_type") ?? "");
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (status === 204) {
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(status, { "Content-Type": "application/json;charset=UTF-8", ...headers });
  res.end(JSON.stringify(body));
};

function route(state: State, req: IncomingMessage, res: ServerResponse, raw: string) {
  const url = new URL(req.url ?? "/", "http://fake");
  const method = req.method ?? "GET";
  const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
  const body = form ? new URLSearchParams(raw) : raw ? JSON.parse(raw) : undefined;
  if (url.pathname.startsWith("/__control/")) return control(state, url, body, res);
  if (url.pathname === "/services/oauth2/authorize") return authorize(state, url, res);
  if (url.pathname === "/services/oauth2/token" && method === "POST") {
    const a = token(state, body);
    tokenRequests(state, body, a);
    return json(res, a.status, a.body);
  }
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const session = state.tokens.get(bearer);
  if (!session || session.expiresAt <= state.clock()) {
    const a = sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
    const path = `${url.pathname}${url.search}`;
    if (session) orgOf(state, session.org).requests.push({ method, path, body, status: 401 });
    return json(res, a.status, a.body);
  }
  const org = orgOf(state, session.org);
  const path = `${url.pathname}${url.search}`;
  const fault = nextFault(org);
  const a = fault ? faultAnswer(fault) : api(state, org, method, url, body);
  if (a === "hang") return void org.requests.push({ method, path, body, status: 0 });
  org.requests.push({ method, path, body, status: a.status });
  const send = () => json(res, a.status, a.body, a.headers);
  if (org.faults.latencyMs) setTimeout(send, org.faults.latencyMs);
  else send();
}

/** Starts the fake on a loopback port (0 = any free one). `url` is both login and instance URL. */
export function startFakeSalesforce(
  port = 0,
  clock: () => number = Date.now,
): Promise<{ url: string; privateKeyPem: string; server: Server }> {
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
  const server = createHttpServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      try {
        route(state, req, res, raw);
      } catch (err) {
        if (!res.headersSent) json(res, 500, [{ errorCode: "UNKNOWN_EXCEPTION", message: String(err) }]);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      state.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      server.unref();
      resolve({
        url: state.url,
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        server,
      });
    });
  });
}
