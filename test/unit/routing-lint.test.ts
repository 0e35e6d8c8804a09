import { describe, expect, it } from "vitest";
import {
  lintConfig,
  type Condition,
  type LeafCondition,
  type RoutingConfig,
} from "../../worker/core/config-doc";
import { coverageReport } from "../../worker/core/config-doc/lint";
import { demoWith } from "./backtest-fixtures";

// Edits reach into the document freely, hence `any`.
type Doc = any;

/** The demo config with its rules replaced by these conditions, in order. */
function withRules(...whens: Condition[]): RoutingConfig {
  return demoWith((c) => {
    c.ruleSets[0].rules = whens.map((when, i) => ({
      id: `r${i}`,
      when,
      then: { type: "team", teamId: "partners" },
    }));
  });
}
/** One leaf condition, written as it reads: `when("country", "eq", "DE")`. */
const when = (fact: string, op: LeafCondition["op"], value: unknown) => ({ fact, op, value }) as Condition;
const codes = (config: RoutingConfig, code: string) => lintConfig(config).filter((f) => f.code === code);
const shadowed = (...whens: Condition[]) => codes(withRules(...whens), "shadowed_rule").map((f) => f.path[3]);

describe("shadowed rules", () => {
  it.each<[string, Condition[], number[]]>([
    ["an equal condition", [when("country", "eq", "DE"), when("country", "eq", "de")], [1]],
    ["a subset of an in list", [when("country", "in", ["DE", "AT"]), when("country", "eq", "AT")], [1]],
    ["a narrower numeric range", [when("employees", "gte", 500), when("employees", "gt", 999)], [1]],
    ["an equal number inside a range", [when("employees", "gte", 500), when("employees", "eq", 1000)], [1]],
    [
      "a country inside an earlier region",
      [when("country", "in_region", "dach"), when("country", "eq", "CH")],
      [1],
    ],
    [
      "a rule covered by two earlier rules together",
      [
        when("country", "eq", "DE"),
        when("country", "eq", "AT"),
        {
          any: [when("country", "eq", "DE"), when("country", "eq", "AT")],
        },
      ],
      [2],
    ],
    [
      "a rule with more conditions than an earlier one",
      [
        when("utm.medium", "eq", "cpc"),
        {
          all: [when("utm.medium", "in", ["cpc"]), when("fields.title", "contains", "VP")],
        },
      ],
      [1],
    ],
    [
      "a not_in implied by a neq",
      [when("country", "neq", "DE"), when("country", "not_in", ["DE", "FR"])],
      [1],
    ],
  ])("reports %s", (_name, whens, expected) => {
    expect(shadowed(...whens)).toEqual(expected);
  });

  it.each<[string, Condition[]]>([
    ["a wider range", [when("employees", "gt", 999), when("employees", "gte", 500)]],
    ["a different value", [when("country", "eq", "DE"), when("country", "eq", "AT")]],
    // A lead can be in several regions, so "not in emea" does not follow from "in dach".
    ["list facts", [when("region", "neq", "emea"), when("region", "eq", "dach")]],
    ["a missing fact passing neq but not eq", [when("country", "eq", "DE"), when("country", "neq", "AT")]],
    [
      "conditions the model cannot decide",
      [when("fields.title", "contains", "VP"), when("fields.title", "contains", "VP Sales")],
    ],
  ])("stays quiet about %s", (_name, whens) => {
    expect(shadowed(...whens)).toEqual([]);
  });

  it("leaves rules after an always-matching rule to unreachable_rule", () => {
    const config = withRules({ all: [] }, { fact: "country", op: "eq", value: "DE" });
    expect(codes(config, "shadowed_rule")).toEqual([]);
    expect(codes(config, "unreachable_rule")).toHaveLength(1);
  });
});

describe("other lint checks", () => {
  it("reports a condition on a fact that never exists", () => {
    const config = withRules({ fact: "employes", op: "gte", value: 5 });
    expect(codes(config, "unknown_fact")).toEqual([
      expect.objectContaining({ severity: "warning", path: ["ruleSets", 0, "rules", 0, "when", "fact"] }),
    ]);
  });

  it.each<[string, (c: Doc) => void, string]>([
    [
      "two territories sharing a country",
      (c) =>
        c.territories.push(
          { id: "de", name: "DE", countries: ["DE"] },
          { id: "dach", name: "DACH", regions: ["dach"] },
        ),
      "both include DE",
    ],
    [
      "a subdivision inside a whole country",
      (c) => c.territories.push({ id: "us", name: "US", countries: ["US"] }),
      "both include US-CA",
    ],
    [
      "overlapping postal ranges",
      (c) =>
        c.territories.push({
          id: "zip",
          name: "ZIP",
          postalCodes: [{ country: "US", from: "90000", to: "90999" }],
        }),
      "both include US postal codes 85000-99499",
    ],
  ])("reports %s", (_name, mutate, shared) => {
    const findings = codes(demoWith(mutate), "territory_overlap");
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringContaining(shared));
  });

  it("stays quiet about territories that do not overlap", () => {
    const config = demoWith((c) =>
      c.territories.push({
        id: "east",
        name: "East",
        subdivisions: ["US-NY"],
        postalCodes: [{ country: "US", from: "00500", to: "14999" }],
      }),
    );
    expect(codes(config, "territory_overlap")).toEqual([]);
  });

  it("reports escalation to a manager nobody has, and to an empty team", () => {
    const config = demoWith((c) => {
      c.teams[1].sla.escalateTo = { kind: "manager" };
      for (const r of c.reps)
        if (["lena-fischer", "camille-dubois", "javier-moreno", "omar-haddad"].includes(r.id))
          delete r.managerId;
      c.teams[2].sla.escalateTo = { kind: "team", teamId: "emea-enterprise" };
      for (const r of c.reps) if (c.teams[1].members.some((m: Doc) => m.repId === r.id)) r.active = false;
    });
    expect(codes(config, "escalation_no_manager").map((f) => f.path)).toEqual([
      ["teams", 1, "sla", "escalateTo"],
    ]);
    expect(codes(config, "escalation_team_empty").map((f) => f.path)).toEqual([
      ["teams", 2, "sla", "escalateTo"],
    ]);
  });
});

describe("coverage per region set", () => {
  it("lists the rules that can catch each region of the demo", () => {
    const byRegion = Object.fromEntries(coverageReport(demoWith()).map((c) => [c.regionId, c.rules]));
    expect(byRegion).toEqual({
      na: ["existing-account", "hot-paid", "partner-referral"],
      emea: ["existing-account", "dach-enterprise", "emea-enterprise", "hot-paid", "partner-referral"],
      dach: ["existing-account", "dach-enterprise", "emea-enterprise", "hot-paid", "partner-referral"],
      apac: ["existing-account", "hot-paid", "partner-referral"],
      latam: ["existing-account", "hot-paid", "partner-referral"],
    });
  });

  it("reports a region that only the fallback ever sees", () => {
    const config = withRules(
      { fact: "country", op: "in_region", value: "emea" },
      { fact: "region", op: "in", value: ["na"] },
    );
    const regions = codes(config, "region_fallback_only").map((f) => f.path);
    expect(regions).toEqual([
      ["regions", 3],
      ["regions", 4],
    ]);
    const dach = coverageReport(config).find((c) => c.regionId === "dach");
    expect(dach).toEqual({ ruleSetId: "default", regionId: "dach", rules: ["r0"], fallbackOnly: false });
  });
});
