import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import {
  alwaysMatches,
  lintConfig,
  neverMatches,
  validateConfig,
  type Condition,
  type LintFinding,
  type RoutingConfig,
} from "../../worker/core/config-doc";

type Doc = any;

/** Parses a (mutated) copy of the demo config; lint only ever sees valid documents. */
function parsed(mutate: (c: Doc) => void = () => {}): RoutingConfig {
  const doc = structuredClone(demoConfig);
  mutate(doc);
  const result = validateConfig(doc);
  if (!result.ok) throw new Error(`fixture is invalid: ${JSON.stringify(result.errors)}`);
  return result.config;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const repIndex = (id: string) => demoConfig.reps.findIndex((r) => r.id === id);

describe("lintConfig", () => {
  it("finds nothing in the demo config", () => {
    expect(lintConfig(parsed())).toEqual([]);
  });

  it("never mutates the config", () => {
    const config = deepFreeze(parsed((c) => (c.forms[0].allowedOrigins = [])));
    expect(() => lintConfig(config)).not.toThrow();
  });

  // [what, mutation, expected finding]
  const cases: [string, (c: Doc) => void, Pick<LintFinding, "severity" | "code" | "path">][] = [
    [
      "a team without members",
      (c) => (c.teams[2].members = []),
      { severity: "warning", code: "team_no_active_members", path: ["teams", 2, "members"] },
    ],
    [
      "a team whose members are all inactive",
      (c) =>
        ["ananya-iyer", "liam-oconnor", "beatriz-souza"].forEach(
          (id) => (c.reps[repIndex(id)].active = false),
        ),
      { severity: "warning", code: "team_no_active_members", path: ["teams", 2, "members"] },
    ],
    [
      "an active rep in no team",
      (c) => (c.teams[1].members = c.teams[1].members.filter((m: Doc) => m.repId !== "omar-haddad")),
      { severity: "warning", code: "rep_in_no_team", path: ["reps", repIndex("omar-haddad")] },
    ],
    [
      "a rule sending leads to an inactive rep",
      (c) => (c.ruleSets[0].rules[0].then = { type: "rep", repId: "ethan-cole", fallbackTeamId: "sdr-na" }),
      {
        severity: "warning",
        code: "inactive_rep_destination",
        path: ["ruleSets", 0, "rules", 0, "then", "repId"],
      },
    ],
    [
      "an escalation to an inactive rep",
      (c) => (c.teams[1].sla.escalateTo = { kind: "rep", repId: "ethan-cole" }),
      {
        severity: "warning",
        code: "inactive_rep_destination",
        path: ["teams", 1, "sla", "escalateTo", "repId"],
      },
    ],
    [
      "a rule after an unconditional rule",
      (c) => (c.ruleSets[0].rules[1].when = { all: [] }),
      { severity: "warning", code: "unreachable_rule", path: ["ruleSets", 0, "rules", 2] },
    ],
    [
      "a rule after one that is unconditional in disguise",
      (c) => (c.ruleSets[0].rules[0].when = { not: { any: [{ not: { all: [] } }] } }),
      { severity: "warning", code: "unreachable_rule", path: ["ruleSets", 0, "rules", 4] },
    ],
    [
      "an unconditional rule, for its fallback",
      (c) => (c.ruleSets[0].rules[4].when = { all: [] }),
      { severity: "info", code: "fallback_unreachable", path: ["ruleSets", 0, "fallback"] },
    ],
    [
      "a rule that can never match",
      (c) => (c.ruleSets[0].rules[2].when = { not: { all: [] } }),
      { severity: "warning", code: "rule_never_matches", path: ["ruleSets", 0, "rules", 2, "when"] },
    ],
    [
      "a form with no allowed origins",
      (c) => (c.forms[0].allowedOrigins = []),
      { severity: "warning", code: "form_no_origins", path: ["forms", 0, "allowedOrigins"] },
    ],
    [
      "a rep with no working hours",
      (c) => (c.reps[1].workingHours = {}),
      { severity: "warning", code: "rep_no_working_hours", path: ["reps", 1, "workingHours"] },
    ],
    [
      "a rep whose days are all empty",
      (c) => (c.reps[2].workingHours = { mon: [], tue: [] }),
      { severity: "warning", code: "rep_no_working_hours", path: ["reps", 2, "workingHours"] },
    ],
    [
      "a rule naming a tier that does not exist",
      (c) => (c.ruleSets[0].rules[3].when.all[0].value = "scorching"),
      {
        severity: "warning",
        code: "unknown_tier",
        path: ["ruleSets", 0, "rules", 3, "when", "all", 0, "value"],
      },
    ],
    [
      "a condition on a field no routed form has",
      (c) => (c.forms[0].fields = c.forms[0].fields.filter((f: Doc) => f.name !== "title")),
      {
        severity: "warning",
        code: "unknown_form_field",
        path: ["scoring", "rules", 4, "when", "any", 0, "fact"],
      },
    ],
    [
      "a rule set no form uses",
      (c) => c.ruleSets.push({ id: "spare", rules: [], fallback: { type: "team", teamId: "sdr-na" } }),
      { severity: "info", code: "rule_set_unused", path: ["ruleSets", 1] },
    ],
    [
      "Google Meet for reps on the builtin calendar",
      (c) => (c.teams[2].meetingType.location = { kind: "google_meet" }),
      { severity: "info", code: "meet_without_google", path: ["teams", 2, "meetingType", "location"] },
    ],
    [
      "a fairness band outside predictive mode",
      (c) => (c.teams[0].distribution.fairnessBand = 0.1),
      { severity: "info", code: "fairness_band_unused", path: ["teams", 0, "distribution", "fairnessBand"] },
    ],
    [
      "predictive settings outside predictive mode",
      (c) => (c.teams[0].distribution.predictive = { segments: [{ fact: "tier" }] }),
      {
        severity: "info",
        code: "predictive_settings_unused",
        path: ["teams", 0, "distribution", "predictive"],
      },
    ],
  ];

  it.each(cases)("reports %s", (_name, mutate, expected) => {
    const findings = lintConfig(parsed(mutate));
    expect(findings).toContainEqual({ ...expected, message: expect.any(String) });
  });

  it.each([
    [
      "an inactive rep who only sits in a team",
      (c: Doc) => (c.reps[repIndex("ava-thompson")].active = false),
    ],
    [
      "Google Meet when every member uses Google",
      (c: Doc) => {
        c.teams[2].meetingType.location = { kind: "google_meet" };
        ["ananya-iyer", "liam-oconnor", "beatriz-souza"].forEach(
          (id) => (c.reps[repIndex(id)].calendar = { provider: "google" }),
        );
      },
    ],
    [
      "a fairness band in predictive mode",
      (c: Doc) => (c.teams[0].distribution = { mode: "predictive", fairnessBand: 0.1 }),
    ],
    [
      "predictive settings in predictive mode",
      (c: Doc) =>
        (c.teams[0].distribution = { mode: "predictive", predictive: { segments: [{ fact: "tier" }] } }),
    ],
    [
      "a tier fact compared with a known tier",
      (c: Doc) => (c.ruleSets[0].rules[3].when.all[0].value = "warm"),
    ],
  ])("stays quiet about %s", (_name, mutate) => {
    expect(lintConfig(parsed(mutate))).toEqual([]);
  });
});

describe("alwaysMatches / neverMatches", () => {
  const leaf: Condition = { fact: "country", op: "exists" };
  it.each<[string, Condition, boolean, boolean]>([
    ["an empty all", { all: [] }, true, false],
    ["a leaf", leaf, false, false],
    ["not of an empty all", { not: { all: [] } }, false, true],
    ["any containing an empty all", { any: [leaf, { all: [] }] }, true, false],
    ["all containing a contradiction", { all: [leaf, { not: { all: [] } }] }, false, true],
    ["double negation of a leaf", { not: { not: leaf } }, false, false],
  ])("%s", (_name, condition, always, never) => {
    expect(alwaysMatches(condition)).toBe(always);
    expect(neverMatches(condition)).toBe(never);
  });
});
