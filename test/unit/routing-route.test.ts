import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { lintConfig, validateConfig, type Condition, type RoutingConfig } from "../../worker/core/config-doc";
import { buildAccountIndex, matchAccount } from "../../worker/core/account-match";
import { normalizeLead, type LeadFacts } from "../../worker/core/lead-facts";
import { conditionContext, evaluateCondition, routeLead } from "../../worker/core/routing";
import { decideSignalTask, signalFacts, signalTaskFacts } from "../../worker/core/signals";

function parse(doc: unknown): RoutingConfig {
  const r = validateConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}
const demo = parse(demoConfig);
const accounts = buildAccountIndex([
  { domain: "acme.com", name: "Acme", ownerRepId: "lena-fischer", parentDomain: null },
  { domain: "orphan.com", name: "Orphan", ownerRepId: null, parentDomain: null },
]);

function route(fields: Record<string, unknown>, context?: { utm?: Record<string, string>; source?: string }) {
  const { facts, notes } = normalizeLead({ fields, context }, demo, "demo");
  return routeLead({ config: demo, formId: "demo", facts, notes, account: matchAccount(accounts, facts) });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("routeLead on the demo config", () => {
  it("sends a known account to its owner", () => {
    const d = route({ email: "kim@acme.com", employees: "1-49", country: "US" });
    expect(d.ruleId).toBe("existing-account");
    expect(d.destination).toEqual({ type: "account_owner", fallbackTeamId: "sdr-na" });
    expect(d.trace.account).toMatchObject({ confidence: "exact_domain", owner: { repId: "lena-fischer" } });
    expect(d.trace.rules).toEqual([
      { ruleId: "existing-account", name: "Known account goes to its owner", matched: true },
    ]);
  });

  it("explains that an ownerless account falls back to the destination's team", () => {
    const d = route({ email: "kim@orphan.com", country: "US" });
    expect(d.trace.destinationNote).toBe("The account has no owner; team sdr-na takes the lead");
  });

  it("traces every rule it tried, with the failing condition of each miss", () => {
    const d = route({ email: "jo@beispiel.de", country: "Deutschland", employees: "1000-4999" });
    expect(d.ruleId).toBe("dach-enterprise");
    expect(JSON.parse(JSON.stringify(d.trace.rules))).toEqual([
      {
        ruleId: "existing-account",
        name: "Known account goes to its owner",
        matched: false,
        failure: {
          path: [],
          op: "eq",
          fact: "account.matched",
          actual: false,
          expected: true,
          message: "account.matched is false; expected equal to true",
        },
      },
      { ruleId: "dach-enterprise", name: "DACH enterprise gets a German speaker", matched: true },
    ]);
    expect(d.trace.facts).toMatchObject({
      country: "DE",
      employees: 1000,
      score: 30,
      tier: "warm",
      "account.matched": false,
    });
    expect(d.trace.score.breakdown.filter((b) => b.matched).map((b) => b.ruleId)).toEqual(["large-company"]);
  });

  it("uses scoring's tier in rules", () => {
    const d = route(
      { email: "vp@startup.io", title: "VP Marketing", employees: "1000-4999", country: "US" },
      { utm: { medium: "cpc" } },
    );
    expect(d.trace.facts).toMatchObject({ score: 65, tier: "hot" });
    expect(d.ruleId).toBe("hot-paid");
  });

  it("falls back when nothing matches, having tried every rule", () => {
    const d = route({ email: "a@gmail.com", country: "US" });
    expect(d.ruleId).toBe("fallback");
    expect(d.destination).toEqual({ type: "team", teamId: "sdr-na" });
    expect(d.trace.rules.map((r) => r.matched)).toEqual([false, false, false, false, false]);
    expect(d.trace.rules[4]!.failure?.message).toBe(
      'none of the 2 alternatives matched (first: source is missing; expected equal to "partner")',
    );
  });

  it("marks inferred facts", () => {
    const { facts, notes } = normalizeLead(
      { fields: { email: "a@b.com" }, geo: { country: "FR" } },
      demo,
      "demo",
    );
    const d = routeLead({ config: demo, formId: "demo", facts, notes });
    expect(d.trace.inferred).toEqual(["country"]);
    expect(d.trace.account.confidence).toBe("none");
  });

  it("routes by rule set id, and refuses an unknown form", () => {
    expect(routeLead({ config: demo, ruleSetId: "default", facts: {} }).ruleId).toBe("fallback");
    expect(() => routeLead({ config: demo, formId: "nope", facts: {} })).toThrow(RangeError);
  });

  it("never mutates the config or the facts", () => {
    const config = deepFreeze(parse(demoConfig));
    const facts = deepFreeze({ country: "DE", employees: 5000 } as LeadFacts);
    expect(routeLead({ config, formId: "demo", facts }).ruleId).toBe("dach-enterprise");
  });
});

// Random rule sets over a small alphabet, so that rules overlap and shadow each other often.
const FACTS = ["country", "employees", "tier"] as const;
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom("country", "tier"),
    op: fc.constantFrom("eq", "neq"),
    value: fc.constantFrom("DE", "US", "hot"),
  }),
  fc.record({
    fact: fc.constantFrom("country", "tier"),
    op: fc.constantFrom("in", "not_in"),
    value: fc.subarray(["DE", "US", "FR", "hot"], { minLength: 1 }),
  }),
  fc.record({
    fact: fc.constant("employees"),
    op: fc.constantFrom("gt", "gte", "lt", "lte"),
    value: fc.constantFrom(0, 100, 500, 1000),
  }),
  fc.record({ fact: fc.constantFrom(...FACTS), op: fc.constant("exists") }),
  fc.record({
    fact: fc.constant("country"),
    op: fc.constant("in_region"),
    value: fc.constantFrom("dach", "na"),
  }),
) as fc.Arbitrary<Condition>;
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("c"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("c") }),
  ) as fc.Arbitrary<Condition>,
})).c;

const ruleSetConfig = fc.array(condition, { minLength: 1, maxLength: 8 }).map((whens) =>
  parse({
    ...structuredClone(demoConfig),
    scoring: { rules: [], tiers: [] },
    regions: [
      { id: "dach", name: "DACH", countries: ["DE", "AT", "CH"] },
      { id: "na", name: "NA", countries: ["US", "CA"] },
    ],
    territories: [],
    ruleSets: [
      {
        id: "default",
        rules: whens.map((when, i) => ({
          id: `r${i}`,
          when,
          then: { type: "team", teamId: i % 2 ? "partners" : "emea-enterprise" },
        })),
        fallback: { type: "team", teamId: "sdr-na" },
      },
    ],
  }),
);
const leadFacts: fc.Arbitrary<LeadFacts> = fc.record(
  {
    country: fc.constantFrom("DE", "US", "FR", "de"),
    employees: fc.constantFrom(0, 99, 100, 500, 1000, 5000),
    tier: fc.constantFrom("hot", "cold"),
  },
  { requiredKeys: [] },
);

describe("routing properties", () => {
  it("is deterministic and always gives exactly one destination", () => {
    fc.assert(
      fc.property(ruleSetConfig, leadFacts, (config, facts) => {
        const a = routeLead({ config, formId: "demo", facts });
        const b = routeLead({ config, formId: "demo", facts });
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.destination).toBeDefined();
        expect(a.trace.rules.filter((r) => r.matched).length).toBe(a.ruleId === "fallback" ? 0 : 1);
      }),
    );
  });

  it("decides by a rule that really matches, after rules that really do not", () => {
    fc.assert(
      fc.property(ruleSetConfig, leadFacts, (config, facts) => {
        const d = routeLead({ config, formId: "demo", facts });
        const ctx = conditionContext(config);
        const rules = config.ruleSets[0]!.rules;
        for (const t of d.trace.rules) {
          const rule = rules.find((r) => r.id === t.ruleId)!;
          expect(evaluateCondition(rule.when, d.trace.facts, ctx).matched).toBe(t.matched);
        }
        if (d.ruleId === "fallback") expect(d.trace.rules).toHaveLength(rules.length);
        else expect(d.destination).toBe(rules.find((r) => r.id === d.ruleId)!.then);
      }),
    );
  });

  it("never changes an outcome when a rule lint calls shadowed is removed", () => {
    fc.assert(
      fc.property(ruleSetConfig, fc.array(leadFacts, { minLength: 1, maxLength: 20 }), (config, leads) => {
        const shadowed = lintConfig(config)
          .filter((f) => f.code === "shadowed_rule")
          .map((f) => f.path[3] as number);
        fc.pre(shadowed.length > 0);
        const set = config.ruleSets[0]!;
        const pruned = {
          ...config,
          ruleSets: [{ ...set, rules: set.rules.filter((_, i) => !shadowed.includes(i)) }],
        };
        for (const facts of leads) {
          const before = routeLead({ config, formId: "demo", facts });
          const after = routeLead({ config: pruned, formId: "demo", facts });
          expect([after.ruleId, after.destination]).toEqual([before.ruleId, before.destination]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("buying signals as facts", () => {
  const NOW = Date.UTC(2026, 11, 1);
  const DAY = 86_400_000;

  it.each([
    // [age in days, strength, half-life] → decayed score
    [0, 80, 14, 80],
    [14, 80, 14, 40],
    [28, 80, 14, 20],
    [7, 100, 7, 50],
  ])("a %s-day-old signal of %s weighs as the half-life %s says", (age, strength, halfLife, score) => {
    const facts = signalFacts(
      [{ kind: "pricing_page", strength, occurredAt: NOW - age * DAY }],
      NOW,
      halfLife,
    );
    expect(facts["account.signals.score"]).toBe(score);
    expect(facts["account.signals.days_since_last"]).toBe(age);
  });

  it("sums live signals, lists their kinds once, and drops those past four half-lives", () => {
    const facts = signalFacts(
      [
        { kind: "intent_surge", strength: 60, occurredAt: NOW },
        { kind: "pricing_page", strength: 40, occurredAt: NOW - 14 * DAY },
        { kind: "pricing_page", strength: 90, occurredAt: NOW - 57 * DAY },
      ],
      NOW,
      14,
    );
    expect(facts).toEqual({
      "account.signals.score": 80,
      "account.signals.strongest": 60,
      "account.signals.count": 2,
      "account.signals.kinds": ["intent_surge", "pricing_page"],
      "account.signals.days_since_last": 0,
    });
    expect(signalFacts([], NOW, 14)).toEqual({});
  });

  it("turns a signal into a task only when a task rule matches, first match wins", () => {
    const config = {
      ...demo,
      signals: {
        halfLifeDays: 14,
        taskCooldownHours: 24,
        tasks: [
          {
            id: "surge",
            when: { fact: "account.signals.score", op: "gte", value: 150 },
            then: { type: "team", teamId: "sdr-na" },
          },
          {
            id: "strong",
            when: { fact: "signal.strength", op: "gte", value: 80 },
            then: { type: "account_owner", fallbackTeamId: "sdr-na" },
          },
        ],
      },
    } as RoutingConfig;
    const weak = signalTaskFacts({ kind: "k", strength: 50, source: "s" }, { "account.signals.score": 50 });
    expect(decideSignalTask(config, weak).task).toBe(false);
    const strong = signalTaskFacts({ kind: "k", strength: 90, source: "s" }, { "account.signals.score": 90 });
    expect(decideSignalTask(config, strong)).toMatchObject({ task: true, ruleId: "strong" });
    const surge = signalTaskFacts({ kind: "k", strength: 90, source: "s" }, { "account.signals.score": 200 });
    expect(decideSignalTask(config, surge)).toMatchObject({ task: true, ruleId: "surge" });
  });
});
