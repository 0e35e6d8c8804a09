import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone, countRows } from "./helpers";

type Verdict = {
  valid: boolean;
  errors: { path: (string | number)[]; code: string; message: string }[];
  lint: { severity: string; code: string; path: (string | number)[]; message: string }[];
};

function validate(body: unknown): Promise<Response> {
  return admin("/v1/admin/config/validate", { method: "POST", body });
}

describe("POST /v1/admin/config/validate", () => {
  it("lints a valid document and saves nothing", async () => {
    const config = clone(demoConfig);
    // Every EMEA lead, ahead of the DACH enterprise rule: that rule can never decide.
    config.ruleSets[0]!.rules.splice(1, 0, {
      id: "all-emea",
      when: { fact: "country", op: "in_region", value: "emea" },
      then: { type: "team", teamId: "emea-enterprise" },
    });
    const before = [await countRows("config_versions"), await countRows("audit_log")];
    const res = await validate(config);
    expect(res.status).toBe(200);
    const verdict = await res.json<Verdict>();
    expect(verdict.valid).toBe(true);
    expect(verdict.errors).toEqual([]);
    const shadowed = verdict.lint.filter((f) => f.code === "shadowed_rule");
    expect(shadowed.length).toBeGreaterThan(0);
    expect(shadowed[0]!.path).toEqual(["ruleSets", 0, "rules", 2]);
    expect([await countRows("config_versions"), await countRows("audit_log")]).toEqual(before);
  });

  it("answers an invalid document with every error by path and no lint", async () => {
    const bad: any = clone(demoConfig);
    bad.reps[0].timezone = "Mars/Olympus";
    bad.teams[0].members[0].repId = "nobody";
    const verdict = await validate(bad).then((r) => r.json<Verdict>());
    expect(verdict.valid).toBe(false);
    expect(verdict.lint).toEqual([]);
    const paths = verdict.errors.map((e) => e.path.join("."));
    expect(paths).toContain("reps.0.timezone");
    expect(paths).toContain("teams.0.members.0.repId");
  });

  it("refuses a body that is not JSON, and a missing token", async () => {
    const notJson = await admin("/v1/admin/config/validate", {
      method: "POST",
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    const anonymous = await call("/v1/admin/config/validate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(demoConfig),
    });
    expect(anonymous.status).toBe(401);
  });
});
