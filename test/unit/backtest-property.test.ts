import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAccountIndex } from "../../worker/core/account-match";
import { runBacktest, type BacktestLead } from "../../worker/core/backtest";
import { BANDS, COUNTRIES, demoWith, parse } from "./backtest-fixtures";
import { normalizeLead } from "../../worker/core/lead-facts";

const DOMAINS = ["acme.com", "sub.acme.com", "globex.com", "gmail.com", "initech.io", "beispiel.de"];
const REPS = ["lena-fischer", "ava-thompson", "ethan-cole", "nobody", null];

const leadArb = fc.record({
  local: fc.stringMatching(/^[a-z]{1,8}$/),
  domain: fc.constantFrom(...DOMAINS),
  country: fc.oneof(fc.constantFrom(...COUNTRIES), fc.constantFrom("Deutschland", "??", "")),
  employees: fc.oneof(fc.constantFrom(...BANDS), fc.integer({ min: -5, max: 100_000 }), fc.constant("lots")),
  title: fc.constantFrom("VP Sales", "Engineer", "Chief of Staff", ""),
  medium: fc.option(fc.constantFrom("cpc", "paid", "email"), { nil: undefined }),
  source: fc.option(fc.constantFrom("partner", "google"), { nil: undefined }),
  formId: fc.constantFrom("demo", "demo", "demo", "unknown-form"),
});

type LeadShape = typeof leadArb extends fc.Arbitrary<infer T> ? T : never;

const accountsArb = fc.uniqueArray(
  fc.record({ domain: fc.constantFrom(...DOMAINS), owner: fc.constantFrom(...REPS) }),
  { selector: (a) => a.domain, maxLength: 4 },
);

/** A config to test against itself: the demo with its rules shuffled, some dropped, a new fallback. */
const configArb = fc.record({
  order: fc.shuffledSubarray([0, 1, 2, 3, 4]),
  fallback: fc.constantFrom("sdr-na", "partners", "emea-enterprise"),
  inactive: fc.option(fc.constantFrom("lena-fischer", "ava-thompson", "ananya-iyer"), { nil: undefined }),
});

function toLead(l: LeadShape, i: number): BacktestLead {
  const email = `${l.local}@${l.domain}`;
  return {
    leadId: `p${i}`,
    formId: l.formId,
    email,
    input: {
      fields: { email, country: l.country, employees: l.employees, title: l.title, company: "Acme" },
      context: { utm: l.medium ? { medium: l.medium } : {}, ...(l.source ? { source: l.source } : {}) },
    },
  };
}

describe("runBacktest properties", () => {
  it("a config backtested against itself never changes any lead's destination or load", () => {
    fc.assert(
      fc.property(configArb, fc.array(leadArb, { maxLength: 60 }), accountsArb, (shape, raw, rows) => {
        const edit = (doc: any) => {
          const rules = doc.ruleSets[0].rules;
          doc.ruleSets[0].rules = shape.order.map((i) => rules[i]);
          doc.ruleSets[0].fallback = { type: "team", teamId: shape.fallback };
          if (shape.inactive) doc.reps.find((r: any) => r.id === shape.inactive).active = false;
        };
        const active = demoWith(edit);
        // A separate parse of the same document: equal, but no object is shared with `active`.
        const draft = parse(JSON.parse(JSON.stringify(active)));
        const accounts = buildAccountIndex(
          rows.map((r) => ({ domain: r.domain, name: r.domain, ownerRepId: r.owner, parentDomain: null })),
        );
        const leads = raw.map(toLead);
        const report = runBacktest({ normalize: normalizeLead, leads, active, draft, accounts });
        expect(report.summary.changed).toBe(0);
        expect(report.changes).toEqual([]);
        expect(report.summary.toFallback).toBe(report.summary.toFallbackBefore);
        expect(report.summary.newlyToFallback).toBe(0);
        expect(report.loadShift.every((r) => r.delta === 0)).toBe(true);
        expect(report.lint.every((f) => !f.new)).toBe(true);
        // Every lead either reaches a team or a rep, or is skipped: none is lost.
        const teams = report.loadShift.filter((r) => r.kind === "team").reduce((s, r) => s + r.before, 0);
        const direct = report.loadShift.reduce((s, r) => s + (r.direct?.before ?? 0), 0);
        expect(teams + direct + report.summary.skipped).toBe(leads.length);
      }),
      { numRuns: 150 },
    );
  });
});
