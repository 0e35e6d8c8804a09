import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { adminRouteTest } from "../../worker/config/admin-route-test";
import { adminApp } from "./admin-app";
import { admin, ADMIN_TOKEN, BASE, clone, countRows } from "./helpers";

const app = adminApp(adminRouteTest);

function routeTest(body: unknown, token = ADMIN_TOKEN): Promise<Response> {
  return Promise.resolve(
    app.request(
      `${BASE}/v1/admin/route/test`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
      env,
    ),
  );
}

const TABLES = [
  "leads",
  "routing_decisions",
  "assignments",
  "bookings",
  "audit_log",
  "config_versions",
  "accounts",
];
const counts = () => Promise.all(TABLES.map(countRows));

let activeVersion: number;

beforeAll(async () => {
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig });
  activeVersion = (await saved.json<{ version: number }>()).version;
  const now = Date.UTC(2026, 0, 1);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT OR REPLACE INTO accounts (domain, name, normalized_name, owner_rep_id, parent_domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).bind("acme.com", "Acme Inc", "acme", "lena-fischer", null, now, now),
    env.DB.prepare(
      "INSERT OR REPLACE INTO accounts (domain, name, normalized_name, owner_rep_id, parent_domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).bind("acme.co.uk", "Acme UK", "acme uk", null, "acme.com", now, now),
  ]);
});

describe("POST /v1/admin/route/test", () => {
  it("routes a sample lead against the active config with its trace, and writes nothing", async () => {
    const before = await counts();
    const res = await routeTest({
      formId: "demo",
      lead: { fields: { email: "Kim@Mail.Acme.co.uk", country: "GB" } },
    });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body).toMatchObject({
      version: activeVersion,
      ruleId: "existing-account",
      destination: { type: "account_owner", fallbackTeamId: "sdr-na" },
      trace: {
        rules: [{ ruleId: "existing-account", matched: true }],
        account: {
          confidence: "subdomain",
          account: { domain: "acme.co.uk" },
          owner: { repId: "lena-fischer", inheritedFrom: "acme.com" },
        },
        facts: { email_domain: "acme.co.uk", country: "GB", "account.owner": "lena-fischer" },
      },
    });
    expect(await counts()).toEqual(before);
  });

  it("explains every miss and marks the inferred country", async () => {
    const res = await routeTest({
      formId: "demo",
      lead: { fields: { email: "a@gmail.com" }, geo: { country: "BR" } },
    });
    const body = await res.json<any>();
    expect(body.ruleId).toBe("fallback");
    expect(body.trace.inferred).toEqual(["country"]);
    expect(body.trace.rules).toHaveLength(5);
    expect(body.trace.rules[0].failure.message).toBe("account.matched is false; expected equal to true");
  });

  it("previews the team's fairness table for a team destination, and a named owner directly", async () => {
    const before = await counts();
    const body = await routeTest({
      formId: "demo",
      lead: { fields: { email: "a@gmail.com" }, geo: { country: "BR" } },
    }).then((r) => r.json<any>());
    const team = demoConfig.teams.find((t) => t.id === "sdr-na")!;
    expect(body.distribution).toMatchObject({ teamId: "sdr-na", ok: true });
    expect(body.distribution.explanation.map((c: { repId: string }) => c.repId).toSorted()).toEqual(
      team.members.map((m) => m.repId).toSorted(),
    );
    expect(body.distribution.explanation[0]).toHaveProperty("target");
    expect(body.distribution.explanation[0]).toHaveProperty("actual", 0);

    const owned = await routeTest({
      formId: "demo",
      lead: { fields: { email: "kim@acme.com", country: "GB" } },
    }).then((r) => r.json<any>());
    expect(owned.distribution).toMatchObject({ direct: "lena-fischer" });
    expect(await counts()).toEqual(before);
  });

  it("tests an unsaved draft, and a saved version by number", async () => {
    const draft: any = clone(demoConfig);
    draft.ruleSets[0].rules.unshift({
      id: "brazil",
      when: { fact: "country", op: "eq", value: "BR" },
      then: { type: "team", teamId: "partners" },
    });
    const versionsBefore = await countRows("config_versions");
    const res = await routeTest({
      formId: "demo",
      config: draft,
      lead: { fields: { email: "a@b.com", country: "Brasil" } },
    });
    expect(await res.json()).toMatchObject({ version: null, ruleId: "brazil" });
    expect(await countRows("config_versions")).toBe(versionsBefore);

    const byVersion = await routeTest({
      formId: "demo",
      version: activeVersion,
      lead: { fields: { email: "a@b.com", country: "Brasil" } },
    });
    expect(await byVersion.json()).toMatchObject({ version: activeVersion, ruleId: "fallback" });
  });

  it.each([
    [
      "an invalid draft",
      { formId: "demo", config: { schemaVersion: 1 }, lead: { fields: {} } },
      422,
      "invalid_config",
    ],
    ["a body without a lead", { formId: "demo" }, 422, "validation_failed"],
    ["an unknown form", { formId: "nope", lead: { fields: {} } }, 404, "not_found"],
    ["an unknown version", { formId: "demo", version: 9999, lead: { fields: {} } }, 404, "not_found"],
  ])("refuses %s", async (_name, body, status, code) => {
    const res = await routeTest(body);
    expect(res.status).toBe(status);
    expect((await res.json<any>()).error.code).toBe(code);
  });

  it("refuses a caller without the admin token", async () => {
    expect((await routeTest({ formId: "demo", lead: { fields: {} } }, "wrong")).status).toBe(401);
  });
});
