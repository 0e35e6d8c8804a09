import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, LeafCondition } from "../../worker/core/config-doc";
import type { LeadFacts } from "../../worker/core/lead-facts";
import { conditionContext, evaluateCondition } from "../../worker/core/routing";

const ctx = conditionContext({
  regions: [
    { id: "dach", name: "DACH", countries: ["DE", "AT", "CH"] },
    { id: "na", name: "NA", countries: ["US", "CA"] },
  ],
  territories: [
    {
      id: "us-west",
      name: "US West",
      subdivisions: ["US-CA", "US-OR"],
      postalCodes: [{ country: "US", from: "85000", to: "99499" }],
    },
    { id: "alps", name: "Alps", regions: ["dach"], countries: ["IT"] },
  ],
});

const facts: LeadFacts = {
  country: "DE",
  employees: 500,
  "fields.size": "1000",
  "fields.company": "Acme GmbH",
  "utm.medium": "CPC",
  is_free_email: false,
  region: ["emea", "dach"],
};
const matches = (c: Condition, f: LeadFacts = facts) => evaluateCondition(c, f, ctx).matched;

// [operator case, condition, on the facts above, on a lead missing the fact]
const table: [string, LeafCondition, boolean, boolean][] = [
  ["eq string, case-insensitive", { fact: "utm.medium", op: "eq", value: "cpc" }, true, false],
  ["eq number against numeric string", { fact: "fields.size", op: "eq", value: 1000 }, true, false],
  ["eq boolean", { fact: "is_free_email", op: "eq", value: false }, true, false],
  ["eq on a list: any item", { fact: "region", op: "eq", value: "dach" }, true, false],
  ["eq mismatch", { fact: "country", op: "eq", value: "FR" }, false, false],
  ["neq", { fact: "country", op: "neq", value: "FR" }, true, true],
  ["neq equal value", { fact: "country", op: "neq", value: "de" }, false, true],
  ["neq on a list: no item", { fact: "region", op: "neq", value: "dach" }, false, true],
  ["in", { fact: "country", op: "in", value: ["AT", "de"] }, true, false],
  ["in with numbers", { fact: "employees", op: "in", value: [100, "500"] }, true, false],
  ["not_in", { fact: "country", op: "not_in", value: ["FR", "IT"] }, true, true],
  ["not_in listed", { fact: "country", op: "not_in", value: ["DE"] }, false, true],
  ["contains, case-insensitive", { fact: "fields.company", op: "contains", value: "gmbh" }, true, false],
  ["starts_with", { fact: "fields.company", op: "starts_with", value: "ACME" }, true, false],
  ["ends_with", { fact: "fields.company", op: "ends_with", value: "inc" }, false, false],
  ["gt", { fact: "employees", op: "gt", value: 499 }, true, false],
  ["gt at the bound", { fact: "employees", op: "gt", value: 500 }, false, false],
  ["gte", { fact: "employees", op: "gte", value: 500 }, true, false],
  ["lt", { fact: "employees", op: "lt", value: 500 }, false, false],
  ["lte", { fact: "employees", op: "lte", value: 500 }, true, false],
  ["gte on a numeric string", { fact: "fields.size", op: "gte", value: 1000 }, true, false],
  ["gt on text is false", { fact: "fields.company", op: "gt", value: 0 }, false, false],
  ["gt on a list is false", { fact: "region", op: "gt", value: 0 }, false, false],
  ["exists", { fact: "country", op: "exists" }, true, false],
  ["in_region", { fact: "country", op: "in_region", value: "dach" }, true, false],
  ["in_region other", { fact: "country", op: "in_region", value: "na" }, false, false],
  ["in_territory through a region", { fact: "country", op: "in_territory", value: "alps" }, true, false],
  ["in_territory elsewhere", { fact: "country", op: "in_territory", value: "us-west" }, false, false],
];

describe("evaluateCondition: every operator, present and missing", () => {
  it.each(table)("%s", (_name, cond, present, missing) => {
    expect(matches(cond)).toBe(present);
    expect(matches(cond, {})).toBe(missing);
  });

  it.each([[""], [[]]])("treats %j as missing", (empty) => {
    expect(matches({ fact: "x", op: "exists" }, { x: empty as never })).toBe(false);
    expect(matches({ fact: "x", op: "neq", value: "a" }, { x: empty as never })).toBe(true);
  });
});

describe("in_territory", () => {
  const west = { fact: "country", op: "in_territory", value: "us-west" } as const;
  it.each<[string, LeadFacts, boolean]>([
    ["a listed subdivision", { country: "US", subdivision: "US-CA" }, true],
    ["a postal code in range", { country: "US", postal_code: "94105" }, true],
    ["a postal code at the top of the range", { country: "US", postal_code: "99499" }, true],
    ["a postal code out of range", { country: "US", postal_code: "10001" }, false],
    ["the right postal code in another country", { country: "DE", postal_code: "94105" }, false],
    ["a subdivision not listed", { country: "US", subdivision: "US-NY" }, false],
    ["no location beyond the country", { country: "US" }, false],
  ])("%s", (_name, f, expected) => expect(matches(west, f)).toBe(expected));
});

describe("all, any and not", () => {
  const de = { fact: "country", op: "eq", value: "DE" } as const;
  const big = { fact: "employees", op: "gte", value: 1000 } as const;
  it.each<[string, Condition, boolean]>([
    ["empty all always matches", { all: [] }, true],
    ["all needs every child", { all: [de, big] }, false],
    ["any needs one child", { any: [big, de] }, true],
    ["not inverts", { not: big }, true],
    ["nesting", { all: [de, { not: { any: [big, { fact: "country", op: "eq", value: "AT" }] } }] }, true],
  ])("%s", (_name, cond, expected) => expect(matches(cond)).toBe(expected));

  it("reports the first failing node with actual and expected values", () => {
    const r = evaluateCondition({ all: [de, big] }, facts, ctx);
    expect(JSON.parse(JSON.stringify(r.failure))).toEqual({
      path: ["all", 1],
      op: "gte",
      fact: "employees",
      actual: 500,
      expected: 1000,
      message: "employees is 500; expected at least 1000",
    });
  });

  it("says a fact is missing", () => {
    const r = evaluateCondition({ fact: "utm.source", op: "in", value: ["a", "b"] }, facts, ctx);
    expect(r.failure?.message).toBe('utm.source is missing; expected one of ["a", "b"]');
  });

  it("explains an any and a not", () => {
    const any = evaluateCondition({ any: [big, { fact: "country", op: "eq", value: "FR" }] }, facts, ctx);
    expect(any.failure?.message).toBe(
      "none of the 2 alternatives matched (first: employees is 500; expected at least 1000)",
    );
    expect(evaluateCondition({ not: de }, facts, ctx).failure?.message).toBe(
      'the condition under "not" matched',
    );
  });
});

describe("properties", () => {
  const value = fc.oneof(fc.constantFrom("a", "B", "500", ""), fc.integer({ min: -2, max: 2 }), fc.boolean());
  const factValue = fc.oneof(value, fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }));
  const leadFacts = fc.dictionary(fc.constantFrom("x", "y"), factValue) as fc.Arbitrary<LeadFacts>;
  const scalar = fc.oneof(fc.constantFrom("a", "b", "500"), fc.integer({ min: -2, max: 2 }));

  it("neq is exactly not eq, and not_in exactly not in, missing facts included", () => {
    fc.assert(
      fc.property(leadFacts, fc.constantFrom("x", "y"), scalar, (f, fact, v) => {
        expect(matches({ fact, op: "neq", value: v }, f)).toBe(!matches({ fact, op: "eq", value: v }, f));
        expect(matches({ fact, op: "not_in", value: [v] }, f)).toBe(
          !matches({ fact, op: "in", value: [v] }, f),
        );
      }),
    );
  });

  it("is deterministic and never mutates the facts", () => {
    fc.assert(
      fc.property(leadFacts, scalar, (f, v) => {
        const frozen = Object.freeze({ ...f });
        const cond: Condition = {
          any: [{ fact: "x", op: "eq", value: v }, { not: { fact: "y", op: "exists" } }],
        };
        expect(matches(cond, frozen)).toBe(matches(cond, frozen));
      }),
    );
  });
});
