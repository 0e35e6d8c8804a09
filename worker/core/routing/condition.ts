import type { Condition, LeafCondition, RoutingConfig } from "../config-doc";
import type { FactValue, LeadFacts } from "../lead-facts/types";
import { ConditionMiss as Miss, type LeafInfo } from "./miss";
import { compileTerritory, type TerritoryTest } from "./territory";
import * as values from "./values";

// Bound once to local constants: some module runners (vitest's) turn every access to an
// imported binding into a getter call, which would dominate a benchmark of these closures.
const { asNumber, asText, isMissing, valueKey } = values;
const ConditionMiss = Miss;
type ConditionMiss = Miss;

/**
 * The condition language, compiled once per config into closures.
 *
 * Operators on a MISSING fact (absent, "", [] — see `isMissing`):
 * - `exists` is false;
 * - `neq` and `not_in` are TRUE ("anything but DE" includes "we don't know"), so that
 *   `neq` is always exactly `not eq` and `not_in` exactly `not in`;
 * - every other operator is false.
 *
 * Values: strings compare case-insensitively and trimmed; a number and a numeric string are
 * equal by value (500 = "500"); `gt`/`gte`/`lt`/`lte` need a number or a numeric string and
 * are false otherwise. On a list fact (`region`, multiselect fields) `eq`, `in`,
 * `contains`, `starts_with`, `ends_with` and `in_region` hold when ANY item does, and
 * `neq`/`not_in` when NO item does; numeric comparisons are false on lists.
 */

/** Lookups conditions need besides the lead: region and territory definitions. */
export type ConditionContext = {
  regions: ReadonlyMap<string, ReadonlySet<string>>;
  territories: ReadonlyMap<string, TerritoryTest>;
};

/** Returns null when the condition holds, else why it does not. */
export type CompiledCondition = (facts: LeadFacts) => ConditionMiss | null;

/** A condition's outcome; `failure` is the first reason it did not hold. */
export type ConditionResult = { matched: boolean; failure?: ConditionMiss };

const contexts = new WeakMap<object, ConditionContext>();

/** The region and territory lookups of a config, built once per config object. */
export function conditionContext(config: Pick<RoutingConfig, "regions" | "territories">): ConditionContext {
  let ctx = contexts.get(config);
  if (!ctx) {
    const regions = new Map(config.regions.map((r) => [r.id, new Set(r.countries)] as const));
    const territories = new Map(config.territories.map((t) => [t.id, compileTerritory(t, regions)] as const));
    ctx = { regions, territories };
    contexts.set(config, ctx);
  }
  return ctx;
}

type Test = (v: FactValue, facts: LeadFacts) => boolean;

// No array is allocated for a scalar: this runs once per leaf per rule per lead.
const anyScalar =
  (pred: (s: string | number | boolean) => boolean): Test =>
  (v) =>
    Array.isArray(v) ? (v as readonly string[]).some(pred) : pred(v as string | number | boolean);

function textTest(op: "contains" | "starts_with" | "ends_with", expected: string): Test {
  if (op === "contains") return anyScalar((s) => asText(s).includes(expected));
  if (op === "starts_with") return anyScalar((s) => asText(s).startsWith(expected));
  return anyScalar((s) => asText(s).endsWith(expected));
}

function numberTest(op: "gt" | "gte" | "lt" | "lte", bound: number): Test {
  const cmp =
    op === "gt"
      ? (n: number) => n > bound
      : op === "gte"
        ? (n: number) => n >= bound
        : op === "lt"
          ? (n: number) => n < bound
          : (n: number) => n <= bound;
  return (v) => {
    if (Array.isArray(v)) return false;
    const n = asNumber(v);
    return n !== null && cmp(n);
  };
}

/** The test for a present value, and whether a missing value matches. */
function leafTest(leaf: LeafCondition, ctx: ConditionContext): { test: Test; missing: boolean } {
  switch (leaf.op) {
    case "eq":
    case "neq": {
      const key = valueKey(leaf.value);
      const eq = anyScalar((s) => valueKey(s) === key);
      return leaf.op === "eq" ? { test: eq, missing: false } : { test: (v, f) => !eq(v, f), missing: true };
    }
    case "in":
    case "not_in": {
      const keys = new Set(leaf.value.map(valueKey));
      const isIn = anyScalar((s) => keys.has(valueKey(s)));
      return leaf.op === "in"
        ? { test: isIn, missing: false }
        : { test: (v, f) => !isIn(v, f), missing: true };
    }
    case "contains":
    case "starts_with":
    case "ends_with":
      return { test: textTest(leaf.op, asText(leaf.value)), missing: false };
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return { test: numberTest(leaf.op, leaf.value), missing: false };
    case "exists":
      return { test: () => true, missing: false };
    case "in_region": {
      const countries = ctx.regions.get(leaf.value);
      return { test: anyScalar((s) => countries?.has(String(s).toUpperCase()) ?? false), missing: false };
    }
    case "in_territory": {
      const territory = ctx.territories.get(leaf.value);
      return { test: (v, facts) => territory?.(v, facts) ?? false, missing: false };
    }
  }
}

function compileLeaf(
  leaf: LeafCondition,
  path: (string | number)[],
  ctx: ConditionContext,
): CompiledCondition {
  const { test, missing } = leafTest(leaf, ctx);
  const info: LeafInfo = {
    path,
    fact: leaf.fact,
    op: leaf.op,
    expected: "value" in leaf ? leaf.value : undefined,
  };
  const fact = leaf.fact;
  return (facts) => {
    const v = facts[fact];
    if (isMissing(v)) return missing ? null : new ConditionMiss(info, null);
    return test(v, facts) ? null : new ConditionMiss(info, v);
  };
}

/** Compiles a condition; `path` prefixes the paths reported in misses. */
export function compileCondition(
  cond: Condition,
  ctx: ConditionContext,
  path: (string | number)[] = [],
): CompiledCondition {
  if ("all" in cond) {
    const children = cond.all.map((c, i) => compileCondition(c, ctx, [...path, "all", i]));
    return (facts) => {
      for (const child of children) {
        const miss = child(facts);
        if (miss) return miss;
      }
      return null;
    };
  }
  if ("any" in cond) {
    const children = cond.any.map((c, i) => compileCondition(c, ctx, [...path, "any", i]));
    const info: LeafInfo = { path, op: "any", expected: cond.any.length };
    return (facts) => {
      let first: ConditionMiss | null = null;
      for (const child of children) {
        const miss = child(facts);
        if (!miss) return null;
        first ??= miss;
      }
      return new ConditionMiss(info, null, first ?? undefined);
    };
  }
  if ("not" in cond) {
    const child = compileCondition(cond.not, ctx, [...path, "not"]);
    const info: LeafInfo = { path, op: "not" };
    return (facts) => (child(facts) ? null : new ConditionMiss(info, null));
  }
  return compileLeaf(cond, path, ctx);
}

/**
 * Evaluates one condition against a lead's facts. For hot paths compile once with
 * {@link compileCondition}; this is the same code, compiled per call.
 */
export function evaluateCondition(cond: Condition, facts: LeadFacts, ctx: ConditionContext): ConditionResult {
  const miss = compileCondition(cond, ctx)(facts);
  return miss ? { matched: false, failure: miss } : { matched: true };
}
