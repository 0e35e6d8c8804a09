import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { hashToken } from "../../worker/security/tokens";
import { send } from "./admin-data-fixtures";

/**
 * Every admin route, read from the app itself (not a hand-written list), so a route added
 * later is covered without touching this file. Middleware entries (`ALL`) are left out.
 */
const routes = [
  ...new Map(
    createApp()
      .routes.filter((r) => r.path.startsWith("/v1/admin") && r.method !== "ALL")
      .map((r) => [`${r.method} ${r.path}`, r] as const),
  ).values(),
];
const concrete = (path: string) => path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "x1");

let revoked = "";
const tokens: Record<"analyst" | "rep" | "signals", string> = { analyst: "", rep: "", signals: "" };

/**
 * What an analyst may do, written out here rather than read from the routes' declarations,
 * so a route that declares too much (or a new read someone forgot to open) fails this test.
 * Everything else, and every write, answers an analyst 403; a rep gets 403 everywhere here.
 */
const ANALYST_READS = new Set([
  "GET /v1/admin/analytics",
  "GET /v1/admin/config",
  "GET /v1/admin/config/versions",
  "GET /v1/admin/config/versions/:version",
  "GET /v1/admin/insights",
  "GET /v1/admin/leads",
  "GET /v1/admin/leads/:leadId",
  "GET /v1/admin/leads/:leadId/crm",
  "GET /v1/admin/leads/:leadId/outcomes",
  "GET /v1/admin/me",
]);

/** Rows in every table: an unauthorised request must not change any of them. */
async function snapshot(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const counts = await env.DB.batch<{ n: number }>(
    results.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM "${t.name}"`)),
  );
  return Object.fromEntries(results.map((t, i) => [t.name, counts[i]!.results[0]!.n]));
}

beforeAll(async () => {
  const created = await send("/v1/admin/tokens", { method: "POST", body: { name: "soon revoked" } });
  const { id, token } = await created.json<{ id: string; token: string }>();
  expect((await send(`/v1/admin/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
  revoked = token;
  for (const role of ["analyst", "rep"] as const) {
    const res = await send("/v1/admin/tokens", {
      method: "POST",
      body: { name: role, role, ...(role === "rep" ? { repId: "ava-thompson" } : {}) },
    });
    expect(res.status).toBe(201);
    tokens[role] = (await res.json<{ token: string }>()).token;
  }
  // Admin role, but scoped to POST /v1/signals: it must open no admin route at all.
  const scoped = await send("/v1/admin/tokens", {
    method: "POST",
    body: { name: "vendor", scopes: ["signals"] },
  });
  expect(scoped.status).toBe(201);
  tokens.signals = (await scoped.json<{ token: string }>()).token;
});

describe("every admin route rejects callers without a valid token", () => {
  it("finds every route of the OpenAPI document among the app's routes", async () => {
    const doc = await (
      await send("/openapi.json", { token: null })
    ).json<{ paths: Record<string, object> }>();
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/v1/admin"))
      .flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`),
      );
    const found = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(documented.filter((d) => !found.has(d))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(documented.length);
    expect(found).toContain("POST /v1/admin/privacy/erase");
  });

  it.each(routes.map((r) => [r.method, r.path] as const))("%s %s", async (method, path) => {
    const before = await snapshot();
    for (const token of [null, "wrong-token", revoked]) {
      const res = await send(concrete(path), {
        method,
        token,
        body: method === "GET" || method === "DELETE" ? undefined : {},
      });
      expect(res.status, `${token ?? "no token"}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("every admin route gives each role exactly what it should", () => {
  it("lists only routes the app has as analyst reads", () => {
    const found = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect([...ANALYST_READS].filter((r) => !found.has(r))).toEqual([]);
  });

  it.each(routes.map((r) => [r.method, r.path] as const))("%s %s", async (method, path) => {
    const before = await snapshot();
    const init = { method, body: method === "GET" || method === "DELETE" ? undefined : {} };
    const asAnalyst = await send(concrete(path), { ...init, token: tokens.analyst });
    if (ANALYST_READS.has(`${method} ${path}`)) {
      expect([401, 403]).not.toContain(asAnalyst.status);
    } else {
      expect(asAnalyst.status, "analyst").toBe(403);
      expect(((await asAnalyst.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    const asRep = await send(concrete(path), { ...init, token: tokens.rep });
    expect(asRep.status, "rep").toBe(403);
    const asScoped = await send(concrete(path), { ...init, token: tokens.signals });
    expect(asScoped.status, "signals-scoped token").toBe(403);
    // Tokens' last use is touched after the answer; nothing else may change.
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a rep token without a rep, and a repId on another role", async () => {
    for (const body of [
      { name: "r", role: "rep" },
      { name: "a", role: "analyst", repId: "ava-thompson" },
    ]) {
      expect((await send("/v1/admin/tokens", { method: "POST", body })).status).toBe(422);
    }
  });
});

/** The rep API (`/v1/rep`), read from the app too; the two sign-in steps take no credential. */
const repRoutes = [
  ...new Set(
    createApp()
      .routes.filter((r) => r.path.startsWith("/v1/rep/") && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`),
  ),
].filter((r) => r !== "POST /v1/rep/auth/link" && r !== "POST /v1/rep/auth/session");

describe("the rep API and rep sessions stay on their side", () => {
  it("answers 401 on every rep route to no credential, an admin token and an analyst token", async () => {
    expect(repRoutes).toContain("GET /v1/rep/leads");
    for (const route of repRoutes) {
      const [method, path] = route.split(" ") as [string, string];
      for (const token of [null, env.ADMIN_TOKEN, tokens.analyst]) {
        const res = await send(concrete(path), { method, token, body: method === "GET" ? undefined : {} });
        expect(res.status, `${route} with ${token === null ? "nothing" : "a non-rep token"}`).toBe(401);
      }
    }
  });

  it("answers 401 on every admin route to a rep's session cookie", async () => {
    const secret = `rep-session-${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO sessions (id, token_hash, role, rep_id, created_at, expires_at) VALUES (?, ?, 'rep', 'ava-thompson', 0, ?)",
    )
      .bind(crypto.randomUUID(), await hashToken(secret), Date.now() + 3_600_000)
      .run();
    const cookie = `baton_session=${secret}`;
    expect((await send("/v1/rep/me", { token: null, headers: { Cookie: cookie } })).status).not.toBe(401);
    for (const r of routes) {
      const res = await send(concrete(r.path), {
        method: r.method,
        token: null,
        headers: { Cookie: cookie },
        body: r.method === "GET" || r.method === "DELETE" ? undefined : {},
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });
});
