import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { adminBacktest } from "../../worker/config/admin-backtest";
import { adminApp } from "./admin-app";
import { admin, ADMIN_TOKEN, BASE, call, clone } from "./helpers";

// Mounted on its own; one test below goes through app.ts too.
const app = adminApp(adminBacktest);

// Any use of a Durable Object namespace is recorded and fails the request.
const doCalls: string[] = [];
function trap(name: string) {
  return new Proxy(
    {},
    {
      get(_, prop) {
        doCalls.push(`${name}.${String(prop)}`);
        throw new Error(`${name} must not be used by a backtest`);
      },
    },
  );
}
const trappedEnv = { ...env, TEAM: trap("TEAM"), RATE_LIMITER: trap("RATE_LIMITER") };

function post(path: string, body?: unknown, init: { token?: string; type?: string } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${init.token ?? ADMIN_TOKEN}` };
  if (body !== undefined) headers["Content-Type"] = init.type ?? "application/json";
  return Promise.resolve(
    app.request(
      `${BASE}/v1/admin${path}`,
      { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) },
      trappedEnv,
    ),
  );
}

// The seeded stream, as a formula both SQL and this test can evaluate independently of Baton.
const SEEDED = 50_000;
const COUNTRIES = ["US", "GB", "DE", "FR", "JP", "AE", "BR"];
const BANDS = ["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"];
const DOMAINS = ["acme.com", "initech.io", "gmail.com", "hooli.co.uk", "umbrella.de"];
const T0 = Date.UTC(2026, 0, 1);
const seeded = (i: number) => ({
  country: COUNTRIES[i % 7]!,
  band: BANDS[Math.floor(i / 7) % 6]!,
  domain: DOMAINS[Math.floor(i / 42) % 5]!,
  spam: i % 50 === 49,
  createdAt: T0 + i * 1000,
});
// EMEA outside DACH, 500-999 employees, not the acme.com account: what the draft moves.
const movedByDraft = (i: number) => {
  const s = seeded(i);
  return !s.spam && ["GB", "FR", "AE"].includes(s.country) && s.band === "500-999" && s.domain !== "acme.com";
};

/** 50,000 leads in one statement (a recursive CTE), so seeding takes well under a second. */
async function seedLeads() {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SEEDED - 1})
     INSERT INTO leads (id, created_at, form_id, email, email_normalized, fields, context, status, updated_at)
     SELECT printf('bt-%06d', i), ${T0} + i * 1000, 'demo', e, e,
       json_object('email', e, 'first_name', 'Lead', 'last_name', i, 'company', 'Company ' || (i % 300),
         'country', json_extract(?1, '$[' || (i % 7) || ']'),
         'employees', json_extract(?2, '$[' || ((i / 7) % 6) || ']')),
       json_object('utm', json_object('medium', CASE WHEN i % 3 = 0 THEN 'cpc' ELSE 'email' END)),
       CASE WHEN i % 50 = 49 THEN 'spam' ELSE 'routed' END, ${T0} + i * 1000
     FROM (SELECT i, printf('lead%d@%s', i, json_extract(?3, '$[' || ((i / 42) % 5) || ']')) AS e FROM n)`,
  )
    .bind(JSON.stringify(COUNTRIES), JSON.stringify(BANDS), JSON.stringify(DOMAINS))
    .run();
}

async function tableCounts(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of results) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}"`).first<{ n: number }>();
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

let activeVersion: number;
let draftVersion: number;
const draftDoc = clone(demoConfig) as any;
draftDoc.ruleSets[0].rules.find((r: any) => r.id === "emea-enterprise").when.all[1].value = 1000;

beforeAll(async () => {
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig });
  activeVersion = (await saved.json<{ version: number }>()).version;
  const draft = await admin("/v1/admin/config/versions", { method: "POST", body: draftDoc });
  draftVersion = (await draft.json<{ version: number }>()).version;
  await env.DB.prepare(
    "INSERT OR REPLACE INTO accounts (domain, name, normalized_name, owner_rep_id, parent_domain, created_at, updated_at) VALUES ('acme.com', 'Acme', 'acme', 'lena-fischer', NULL, 0, 0)",
  ).run();
  const started = Date.now();
  await seedLeads();
  console.log(`seeded ${SEEDED} leads in ${Date.now() - started} ms`);
}, 120_000);

describe("POST /v1/admin/config/versions/:version/backtest", () => {
  it("replays 50,000 stored leads, reports exactly the moved ones, and writes and calls nothing", async () => {
    const before = await tableCounts();
    const started = Date.now();
    const res = await post(`/config/versions/${draftVersion}/backtest`, {
      limit: 50_000,
      changesLimit: 1000,
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    console.log(`backtest of 50,000 stored leads through the route: ${elapsed} ms (workerd, local D1)`);

    const kept = Array.from({ length: SEEDED }, (_, i) => i).filter((i) => !seeded(i).spam);
    const moved = kept.filter(movedByDraft);
    expect(body.active).toEqual({ version: activeVersion });
    expect(body.draft).toEqual({ version: draftVersion });
    expect(body.summary).toMatchObject({
      total: 50_000 - 1_000,
      changed: moved.length,
      destinationChanged: moved.length,
    });
    expect(body.changesPage).toMatchObject({ offset: 0, limit: 1000, total: moved.length, nextOffset: 1000 });
    // Newest first: the first page is the newest 1,000 moved leads.
    const newest = moved
      .toReversed()
      .slice(0, 1000)
      .map((i) => `bt-${String(i).padStart(6, "0")}`);
    expect(body.changes.map((c: any) => c.leadId)).toEqual(newest);
    expect(body.changes[0].reasons[0]).toBe(
      'Rule "emea-enterprise" no longer matches: employees is 500; expected at least 1000',
    );
    const emea = body.loadShift.find((r: any) => r.kind === "team" && r.id === "emea-enterprise");
    expect(emea.delta).toBe(-moved.length);
    expect(body.scope).toContain("not consulted");

    expect(await tableCounts()).toEqual(before);
    expect(doCalls).toEqual([]);
  }, 120_000);

  it("reports no change when the version tested is the active one", async () => {
    const res = await post(`/config/versions/${activeVersion}/backtest`, { limit: 2000 });
    const body = await res.json<any>();
    expect(body.summary).toMatchObject({ total: 2000, changed: 0 });
    expect(body.loadShift.every((r: any) => r.delta === 0)).toBe(true);
  });

  it("replays only leads created since the given instant", async () => {
    const since = new Date(seeded(SEEDED - 100).createdAt).toISOString();
    const res = await post(`/config/versions/${draftVersion}/backtest`, { since, limit: 50_000 });
    const body = await res.json<any>();
    const expected = Array.from({ length: 100 }, (_, k) => SEEDED - 100 + k).filter((i) => !seeded(i).spam);
    expect(body.summary.total).toBe(expected.length);
    expect(body.summary.changed).toBe(expected.filter(movedByDraft).length);
  });

  it("answers 404 for an unknown version and 422 for bad options", async () => {
    expect((await post("/config/versions/9999/backtest", {})).status).toBe(404);
    expect((await post(`/config/versions/${draftVersion}/backtest`, {}, { token: "wrong" })).status).toBe(
      401,
    );
    for (const bad of [
      { limit: 0 },
      { limit: 50_001 },
      { since: "yesterday" },
      { changesLimit: 5000 },
      { nope: 1 },
    ]) {
      const res = await post(`/config/versions/${draftVersion}/backtest`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect((await res.json<any>()).error.code).toBe("validation_failed");
    }
    expect((await post(`/config/versions/${draftVersion}/backtest`, {}, { type: "text/plain" })).status).toBe(
      415,
    );
    expect(doCalls).toEqual([]);
  });

  it("replays the leads of a CSV body instead of stored ones", async () => {
    const csv =
      "lead_id,email,country,employees,utm_medium\nc1,ann@initech.io,GB,500-999,email\nc2,bo@acme.com,GB,500-999,\n";
    const res = await post(`/config/versions/${draftVersion}/backtest?formId=demo`, csv, {
      type: "text/csv",
    });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.summary).toMatchObject({ total: 2, changed: 1 });
    expect(body.changes[0]).toMatchObject({ leadId: "c1", email: "ann@initech.io" });
    const bad = await post(`/config/versions/${draftVersion}/backtest`, "email\na@b.co\n", {
      type: "text/csv",
    });
    expect(bad.status).toBe(422);
  });
});

describe("POST /v1/admin/backtest", () => {
  it("tests an unsaved draft over leads given in the body, with traces on request", async () => {
    const res = await post("/backtest", {
      draft: draftDoc,
      includeTraces: true,
      leads: [
        { id: "j1", formId: "demo", fields: { email: "x@initech.io", country: "FR", employees: "500-999" } },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.draft).toEqual({ version: null });
    expect(body.changes[0]).toMatchObject({ leadId: "j1", before: { ruleId: "emea-enterprise" } });
    expect(body.changes[0].traces.before.rules.at(-1)).toMatchObject({
      ruleId: "emea-enterprise",
      matched: true,
    });
    expect(Array.isArray(body.lint)).toBe(true);
  });

  it("refuses an invalid draft, and a request naming both a draft and a version", async () => {
    const broken = clone(demoConfig) as any;
    broken.ruleSets[0].fallback = { type: "team", teamId: "nobody" };
    const res = await post("/backtest", { draft: broken });
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.code).toBe("invalid_config");
    expect((await post("/backtest", { draft: draftDoc, version: draftVersion })).status).toBe(422);
    expect((await post("/backtest", {})).status).toBe(422);
    expect((await post("/backtest", { version: 9999 })).status).toBe(404);
  });

  it("is mounted in the app behind the admin token and documented", async () => {
    expect((await call("/v1/admin/backtest", { method: "POST" })).status).toBe(401);
    const res = await admin("/v1/admin/backtest", {
      method: "POST",
      body: { version: draftVersion, limit: 10 },
    });
    expect(res.status).toBe(200);
    const doc = await (await call("/openapi.json")).json<any>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/admin/backtest", "/v1/admin/config/versions/{version}/backtest"]),
    );
  });
});
