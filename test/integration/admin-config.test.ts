import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, clone, countRows } from "./helpers";

type Saved = { version: number; created: boolean; lint: unknown[]; published: boolean };

async function saveDraft(config: unknown, query = ""): Promise<Response> {
  return admin(`/v1/admin/config/versions${query}`, { method: "POST", body: config });
}

function variant(name: string) {
  const config = clone(demoConfig);
  config.org.name = name;
  return config;
}

describe("config versions", () => {
  it("answers 404 no_active_config before anything is published", async () => {
    const res = await admin("/v1/admin/config");
    expect(res.status).toBe(404);
    expect((await res.json<any>()).error.code).toBe("no_active_config");
  });

  it("saves a draft with its lint, publishes it, and serves it as the active config", async () => {
    const res = await saveDraft(variant("Draft then publish"));
    expect(res.status).toBe(201);
    const saved = await res.json<Saved>();
    expect(saved).toMatchObject({ created: true, published: false });
    expect(Array.isArray(saved.lint)).toBe(true);

    const published = await admin(`/v1/admin/config/versions/${saved.version}/publish`, { method: "POST" });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ version: saved.version, changed: true });

    const active = await admin("/v1/admin/config").then((r) => r.json<any>());
    expect(active.version).toBe(saved.version);
    expect(active.config.org.name).toBe("Draft then publish");
  });

  it("returns the existing version when the same document is saved again", async () => {
    const config = variant("Saved twice");
    const first = await saveDraft(config).then((r) => r.json<Saved>());
    const before = await countRows("config_versions");
    const again = await saveDraft(config);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: first.version, created: false });
    expect(await countRows("config_versions")).toBe(before);
  });

  it("rejects an invalid document with 422, every error by path, and writes nothing", async () => {
    const good = await saveDraft(variant("Live before the bad push"), "?publish=true").then((r) =>
      r.json<Saved>(),
    );
    const bad: any = variant("Bad");
    bad.teams[0].members[0].repId = "nobody";
    bad.reps[0].timezone = "Mars/Olympus";
    delete bad.ruleSets[0].fallback;
    const versionsBefore = await countRows("config_versions");
    const auditBefore = await countRows("audit_log");

    const res = await saveDraft(bad, "?publish=true");
    expect(res.status).toBe(422);
    const body = await res.json<any>();
    expect(body.error.code).toBe("invalid_config");
    const paths = body.error.details.errors.map((e: { path: unknown[] }) => e.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["reps.0.timezone", "ruleSets.0.fallback"]));

    expect(await countRows("config_versions")).toBe(versionsBefore);
    expect(await countRows("audit_log")).toBe(auditBefore);
    const active = await admin("/v1/admin/config").then((r) => r.json<any>());
    expect(active.version).toBe(good.version);
  });

  it("reports cross-reference errors by path", async () => {
    const bad: any = variant("Dangling member");
    bad.teams[0].members[0].repId = "nobody";
    const body = await saveDraft(bad).then((r) => r.json<any>());
    expect(body.error.details.errors).toContainEqual(
      expect.objectContaining({ path: ["teams", 0, "members", 0, "repId"] }),
    );
  });

  it("refuses to publish a stored version that no longer validates, keeping the live one", async () => {
    const live = await saveDraft(variant("Live"), "?publish=true").then((r) => r.json<Saved>());
    const broken = live.version + 1000;
    await env.DB.prepare(
      "INSERT INTO config_versions (version, config, checksum, created_at, created_by) VALUES (?, ?, 'x', 0, 'test')",
    )
      .bind(broken, JSON.stringify({ schemaVersion: 1, reps: "not a list" }))
      .run();

    const res = await admin(`/v1/admin/config/versions/${broken}/publish`, { method: "POST" });
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.details.errors.length).toBeGreaterThan(0);
    const active = await admin("/v1/admin/config").then((r) => r.json<any>());
    expect(active.version).toBe(live.version);
  });

  it("rolls back by publishing an older version, and audits it as a rollback", async () => {
    const v1 = await saveDraft(variant("Rollback A"), "?publish=true").then((r) => r.json<Saved>());
    const v2 = await saveDraft(variant("Rollback B"), "?publish=true").then((r) => r.json<Saved>());
    expect(v2.version).toBeGreaterThan(v1.version);

    const res = await admin(`/v1/admin/config/versions/${v1.version}/publish`, { method: "POST" });
    expect(await res.json()).toMatchObject({
      version: v1.version,
      previousVersion: v2.version,
      changed: true,
    });
    const active = await admin("/v1/admin/config").then((r) => r.json<any>());
    expect(active.config.org.name).toBe("Rollback A");

    const audit = await admin("/v1/admin/audit?limit=1").then((r) => r.json<any>());
    expect(audit.entries[0]).toMatchObject({ action: "config.rolled_back", target: `config:${v1.version}` });
  });

  it("lists versions newest first, marking the active one", async () => {
    const v = await saveDraft(variant("Listed"), "?publish=true").then((r) => r.json<Saved>());
    const { versions } = await admin("/v1/admin/config/versions").then((r) => r.json<any>());
    expect(versions[0]).toMatchObject({ version: v.version, active: true });
    expect(versions.filter((x: { active: boolean }) => x.active)).toHaveLength(1);
    expect(versions.map((x: { version: number }) => x.version)).toEqual(
      versions.map((x: { version: number }) => x.version).toSorted((a: number, b: number) => b - a),
    );
  });

  it("answers 404 for publishing a version that does not exist", async () => {
    const res = await admin("/v1/admin/config/versions/999999/publish", { method: "POST" });
    expect(res.status).toBe(404);
  });

  it("answers 400 for a body that is not JSON and 415 for another content type", async () => {
    const notJson = await admin("/v1/admin/config/versions", { method: "POST", body: "{oops" });
    expect(notJson.status).toBe(400);
    const text = await admin("/v1/admin/config/versions", {
      method: "POST",
      body: "hello",
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });
});
