import { describe, expect, it } from "vitest";
import { leadsFromCsv, replayLead, runBacktest, type BacktestLead } from "../../worker/core/backtest";
import { accounts, demoLeads, demoWith, EMEA_NOT_DACH } from "./backtest-fixtures";
import { normalizeLead } from "../../worker/core/lead-facts";

const active = demoWith();
const leads = demoLeads(2_000);
const ACCOUNT_DOMAINS = new Set(["acme.com", "globex.com", "orphan.com"]);

function lead(id: string, fields: Record<string, unknown>, source?: string): BacktestLead {
  return {
    leadId: id,
    formId: "demo",
    email: String(fields.email),
    input: { fields, ...(source ? { context: { source } } : {}) },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("runBacktest", () => {
  it("reports zero changes for a draft identical to the active config", () => {
    const report = runBacktest({ normalize: normalizeLead, leads, active, draft: demoWith(), accounts });
    expect(report.summary).toMatchObject({
      total: 2_000,
      changed: 0,
      destinationChanged: 0,
      newlyToFallback: 0,
    });
    expect(report.summary.toFallback).toBe(report.summary.toFallbackBefore);
    expect(report.changes).toEqual([]);
    expect(report.loadShift.length).toBeGreaterThan(0);
    expect(report.loadShift.every((r) => r.delta === 0)).toBe(true);
  });

  it("reports exactly the leads one changed rule moves, with the rule that stopped matching", () => {
    const draft = demoWith((doc) => {
      const rule = doc.ruleSets[0].rules.find((r: any) => r.id === "emea-enterprise");
      rule.when.all[1].value = 1000;
    });
    // Independently of the core: EMEA outside DACH, 500-999 employees, no account match.
    const affected = leads
      .filter((l) => {
        const f = l.input.fields;
        return (
          EMEA_NOT_DACH.has(String(f.country)) &&
          f.employees === "500-999" &&
          !ACCOUNT_DOMAINS.has(String(f.email).split("@")[1] ?? "")
        );
      })
      .map((l) => l.leadId);
    expect(affected.length).toBeGreaterThan(20);

    const report = runBacktest({
      normalize: normalizeLead,
      leads,
      active,
      draft,
      accounts,
      options: { changesLimit: 50_000 },
    });
    expect(report.summary.changed).toBe(affected.length);
    expect(report.summary.destinationChanged).toBe(affected.length);
    expect(report.changes.map((c) => c.leadId)).toEqual(affected);
    for (const change of report.changes) {
      expect(change.before).toMatchObject({ ok: true, ruleId: "emea-enterprise" });
      expect(change.reasons[0]).toBe(
        'Rule "emea-enterprise" no longer matches: employees is 500; expected at least 1000',
      );
      expect(change.rules[0]).toMatchObject({
        ruleId: "emea-enterprise",
        before: "matched",
        after: "missed",
      });
    }
    const emea = report.loadShift.find((r) => r.kind === "team" && r.id === "emea-enterprise");
    expect(emea?.delta).toBe(-affected.length);
    const moved = report.loadShift.filter((r) => r.kind === "team").reduce((sum, r) => sum + r.delta, 0);
    expect(moved).toBe(0);
  });

  it("detects the leads a draft sends to the fallback, and which are new there", () => {
    const draft = demoWith((doc) => {
      doc.ruleSets[0].rules = doc.ruleSets[0].rules.filter((r: any) => r.id !== "partner-referral");
    });
    const sample = [
      lead("partner", { email: "p@initech.io", country: "US", employees: "1-49" }, "partner"),
      lead("small-us", { email: "s@initech.io", country: "US", employees: "1-49" }),
      lead("owned", { email: "o@acme.com", country: "US", employees: "1-49" }),
    ];
    const report = runBacktest({ normalize: normalizeLead, leads: sample, active, draft, accounts });
    expect(report.summary).toMatchObject({
      toFallbackBefore: 1,
      toFallback: 2,
      newlyToFallback: 1,
      changed: 1,
    });
    expect(report.fallbackLeads).toEqual([
      {
        leadId: "partner",
        email: "p@initech.io",
        formId: "demo",
        ruleIdBefore: "partner-referral",
        newly: true,
      },
      { leadId: "small-us", email: "s@initech.io", formId: "demo", ruleIdBefore: "fallback", newly: false },
    ]);
    expect(report.changes[0]).toMatchObject({
      leadId: "partner",
      kind: "destination",
      before: { ruleId: "partner-referral", target: { kind: "team", teamId: "partners" } },
      after: { ruleId: "fallback", fallback: true, target: { kind: "team", teamId: "sdr-na" } },
      reasons: [
        'Rule "partner-referral" is not in the draft',
        "No rule matches in the draft; the fallback decides",
      ],
      rules: [{ ruleId: "partner-referral", before: "matched", after: "absent" }],
    });
  });

  it("includes the draft's lint findings and marks the ones the active config lacks", () => {
    const draft = demoWith((doc) => {
      const rules = doc.ruleSets[0].rules;
      rules.push({ ...structuredClone(rules[1]), id: "dach-again" });
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads: leads.slice(0, 10),
      active,
      draft,
      accounts,
    });
    expect(report.lint).toContainEqual(
      expect.objectContaining({ code: "shadowed_rule", new: true, path: ["ruleSets", 0, "rules", 5] }),
    );
    expect(
      runBacktest({ normalize: normalizeLead, leads: [], active, draft: active, accounts }).lint.every(
        (f) => !f.new,
      ),
    ).toBe(true);
  });

  it("follows an account owner who becomes inactive to the destination's fallback team", () => {
    const draft = demoWith((doc) => {
      doc.reps.find((r: any) => r.id === "lena-fischer").active = false;
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads: [lead("acme", { email: "kim@acme.com", country: "DE", employees: "1-49" })],
      active,
      draft,
      accounts,
    });
    expect(report.changes[0]).toMatchObject({
      kind: "destination",
      before: { ruleId: "existing-account", target: { kind: "rep", repId: "lena-fischer" } },
      after: { ruleId: "existing-account", target: { kind: "team", teamId: "sdr-na" } },
      reasons: [
        "Before: Account owner lena-fischer; draft: Account owner lena-fischer is not eligible (inactive); fallback team sdr-na",
      ],
    });
    const lena = report.loadShift.find((r) => r.kind === "rep" && r.id === "lena-fischer");
    expect(lena).toMatchObject({ direct: { before: 1, after: 0 }, estimated: { before: 0, after: 0 } });
  });

  it("reports a renamed rule as a rule change with the same destination", () => {
    const draft = demoWith((doc) => {
      doc.ruleSets[0].rules.find((r: any) => r.id === "hot-paid").id = "hot-paid-v2";
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads,
      active,
      draft,
      accounts,
      options: { changesLimit: 50_000 },
    });
    expect(report.summary.changed).toBeGreaterThan(0);
    expect(report.summary.destinationChanged).toBe(0);
    expect(report.summary.ruleOnlyChanged).toBe(report.summary.changed);
    expect(report.loadShift.every((r) => r.delta === 0)).toBe(true);
    expect(report.changes[0]?.reasons).toEqual([
      'Rule "hot-paid" is not in the draft',
      'New rule "hot-paid-v2" matches',
    ]);
  });

  it("estimates rep shares of team leads by weight and says so", () => {
    const report = runBacktest({
      normalize: normalizeLead,
      leads: [lead("us", { email: "a@initech.io", country: "US", employees: "1-49" })],
      active,
      draft: active,
      accounts,
    });
    // sdr-na: rachel 0.5, ava 1, marcus 1, diego 1, priya 1.5 (ethan is inactive): total 5.
    const priya = report.loadShift.find((r) => r.id === "priya-raman");
    expect(priya).toMatchObject({ before: 0.3, estimated: { before: 0.3 }, direct: { before: 0 } });
    expect(report.loadShift.some((r) => r.id === "ethan-cole")).toBe(false);
    expect(report.repEstimate).toContain("by weight");
    expect(report.scope).toContain("not consulted");
  });

  it("pages through changes without losing or repeating any", () => {
    const few = demoLeads(600);
    const draft = demoWith((doc) => {
      doc.ruleSets[0].fallback = { type: "team", teamId: "partners" };
    });
    const all = runBacktest({
      normalize: normalizeLead,
      leads: few,
      active,
      draft,
      accounts,
      options: { changesLimit: 50_000 },
    });
    const pages: string[] = [];
    for (let offset: number | null = 0; offset !== null;) {
      const page = runBacktest({
        normalize: normalizeLead,
        leads: few,
        active,
        draft,
        accounts,
        options: { changesOffset: offset, changesLimit: 97 },
      });
      pages.push(...page.changes.map((c) => c.leadId));
      offset = page.changesPage.nextOffset;
    }
    expect(pages).toEqual(all.changes.map((c) => c.leadId));
    expect(pages.length).toBe(all.summary.changed);
  });

  it("reports a lead whose form the draft lacks, and skips leads neither config knows", () => {
    const draft = demoWith((doc) => {
      doc.forms[0].id = "demo-v2";
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads: [lead("a", { email: "a@initech.io" }), { ...lead("b", { email: "b@x.io" }), formId: "gone" }],
      active,
      draft,
      accounts,
    });
    expect(report.summary).toMatchObject({ total: 2, changed: 1, skipped: 1 });
    expect(report.changes[0]?.after).toEqual({ ok: false, reason: 'Form "demo" is not in this config' });
  });

  it("normalises under the draft's own region sets when they differ", () => {
    const draft = demoWith((doc) => {
      const emea = doc.regions.find((r: any) => r.id === "emea");
      emea.countries = emea.countries.filter((c: string) => c !== "GB");
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads,
      active,
      draft,
      accounts,
      options: { changesLimit: 50_000 },
    });
    expect(report.summary.changed).toBeGreaterThan(0);
    for (const change of report.changes) {
      const l = leads.find((x) => x.leadId === change.leadId)!;
      expect(l.input.fields.country).toBe("GB");
      expect(change.before).toMatchObject({ ruleId: "emea-enterprise" });
    }
  });

  it("gives the same changes as replaying every lead through each config from scratch", () => {
    const draft = demoWith((doc) => {
      doc.ruleSets[0].rules.find((r: any) => r.id === "dach-enterprise").when.all[1].value = 200;
      doc.reps.find((r: any) => r.id === "ava-thompson").active = false;
    });
    const report = runBacktest({
      normalize: normalizeLead,
      leads,
      active,
      draft,
      accounts,
      options: { changesLimit: 50_000 },
    });
    const key = (o: ReturnType<typeof replayLead>["outcome"]) =>
      o.ok
        ? `${o.ruleId}|${o.target?.kind}|${o.target?.kind === "rep" ? o.target.repId : o.target?.teamId}`
        : "x";
    const naive = leads.filter(
      (l) =>
        key(replayLead(l, active, accounts, normalizeLead).outcome) !==
        key(replayLead(l, draft, accounts, normalizeLead).outcome),
    );
    expect(report.changes.map((c) => c.leadId)).toEqual(naive.map((l) => l.leadId));
    expect(naive.length).toBeGreaterThan(10);
  });

  it("never mutates its inputs and gives the same report twice", () => {
    const frozen = deepFreeze(structuredClone(leads.slice(0, 200)));
    const draft = deepFreeze(
      demoWith((doc) => {
        doc.ruleSets[0].rules = doc.ruleSets[0].rules.toReversed();
      }),
    );
    const a = runBacktest({
      normalize: normalizeLead,
      leads: frozen,
      active,
      draft,
      accounts,
      options: { includeTraces: true },
    });
    const b = runBacktest({
      normalize: normalizeLead,
      leads: frozen,
      active,
      draft,
      accounts,
      options: { includeTraces: true },
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.changes[0]?.traces?.before?.rules.length).toBeGreaterThan(0);
  });
});

describe("leadsFromCsv", () => {
  it("reads fields, context columns and ids, and leaves empty cells out", () => {
    const csv =
      "lead_id,email,country,employees,utm_medium,source,phone\nx1,ann@acme.com,DE,500-999,cpc,partner,\n";
    const result = leadsFromCsv(csv, "demo", 10);
    expect(result).toEqual({
      ok: true,
      leads: [
        {
          leadId: "x1",
          formId: "demo",
          email: "ann@acme.com",
          input: {
            fields: { email: "ann@acme.com", country: "DE", employees: "500-999" },
            context: { source: "partner", utm: { medium: "cpc" } },
          },
        },
      ],
    });
  });

  it("refuses rows without a form and files over the row limit", () => {
    expect(leadsFromCsv("email\na@b.co\n", undefined, 10)).toEqual({
      ok: false,
      errors: [{ row: 1, message: "No form_id in the row and no formId given" }],
    });
    expect(leadsFromCsv(`email\n${"a@b.co\n".repeat(3)}`, "demo", 2)).toMatchObject({ ok: false });
  });
});
