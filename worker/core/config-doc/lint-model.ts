import { valueKey } from "../routing/values";
import { canonicalJson } from "../canonical-json";
import type { Condition, LeafCondition } from "./conditions";

/**
 * A static model of conditions for lint: each `when` becomes a disjunction of boxes, each box
 * a conjunction of per-fact constraints. It mirrors routing/condition.ts exactly for the
 * operators it can decide (equality, sets, numeric ranges, exists, regions) and treats the
 * rest as opaque. Every conclusion drawn from it is sound: a rule is only called shadowed
 * when that is proven, never guessed.
 */

/** Allowed values: `keys` (include) or everything but `keys` (exclude); `missing` says whether an absent fact passes. */
export type SetConstraint = {
  kind: "set";
  fact: string;
  include: boolean;
  keys: ReadonlySet<string>;
  missing: boolean;
};
/** A numeric interval; never satisfied by a missing, non-numeric or list value. */
export type RangeConstraint = {
  kind: "range";
  fact: string;
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
};
/** A leaf the model cannot reason about; two opaque constraints are equal only if written identically. */
export type OpaqueConstraint = { kind: "opaque"; fact: string; key: string };
export type Constraint = SetConstraint | RangeConstraint | OpaqueConstraint;
export type Box = Constraint[];

/** Past this many boxes a condition is left unanalysed rather than slowing a save down. */
const MAX_BOXES = 64;

type Regions = ReadonlyMap<string, readonly string[]>;

const set = (
  fact: string,
  include: boolean,
  values: readonly (string | number | boolean)[],
  missing: boolean,
): SetConstraint => ({
  kind: "set",
  fact,
  include,
  keys: new Set(values.map(valueKey)),
  missing,
});

function range(leaf: LeafCondition & { value: number }, negated: boolean): Constraint {
  if (negated) return { kind: "opaque", fact: leaf.fact, key: `not ${canonicalJson(leaf)}` };
  const v = leaf.value;
  if (leaf.op === "gt")
    return { kind: "range", fact: leaf.fact, lo: v, loIn: false, hi: Infinity, hiIn: false };
  if (leaf.op === "gte")
    return { kind: "range", fact: leaf.fact, lo: v, loIn: true, hi: Infinity, hiIn: false };
  if (leaf.op === "lt")
    return { kind: "range", fact: leaf.fact, lo: -Infinity, loIn: false, hi: v, hiIn: false };
  return { kind: "range", fact: leaf.fact, lo: -Infinity, loIn: false, hi: v, hiIn: true };
}

/** The constraint a leaf (or its negation) puts on its fact. */
export function leafConstraint(leaf: LeafCondition, negated: boolean, regions: Regions): Constraint {
  const { fact } = leaf;
  switch (leaf.op) {
    case "eq":
    case "neq":
      // neq is exactly `not eq`, including on a missing fact (see routing/condition.ts).
      return (leaf.op === "eq") !== negated
        ? set(fact, true, [leaf.value], false)
        : set(fact, false, [leaf.value], true);
    case "in":
    case "not_in":
      return (leaf.op === "in") !== negated
        ? set(fact, true, leaf.value, false)
        : set(fact, false, leaf.value, true);
    case "exists":
      return negated ? set(fact, true, [], true) : set(fact, false, [], false);
    case "in_region": {
      const countries = regions.get(leaf.value) ?? [];
      return negated ? set(fact, false, countries, true) : set(fact, true, countries, false);
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return range(leaf, negated);
    default:
      return { kind: "opaque", fact, key: `${negated ? "not " : ""}${canonicalJson(leaf)}` };
  }
}

function product(a: Box[], b: Box[]): Box[] | null {
  if (a.length * b.length > MAX_BOXES) return null;
  return a.flatMap((x) => b.map((y) => [...x, ...y]));
}

/** The condition (negated when `negated`) as boxes; [] never matches, [[]] always does; null when too large. */
export function toBoxes(cond: Condition, regions: Regions, negated = false): Box[] | null {
  if ("not" in cond) return toBoxes(cond.not, regions, !negated);
  if ("op" in cond) return [[leafConstraint(cond, negated, regions)]];
  const children = "all" in cond ? cond.all : cond.any;
  // De Morgan: a negated `all` is an `any` of negations, and the reverse.
  const conjunction = "all" in cond !== negated;
  let acc: Box[] | null = conjunction ? [[]] : [];
  for (const child of children) {
    const boxes = toBoxes(child, regions, negated);
    if (!boxes || !acc) return null;
    acc = conjunction ? product(acc, boxes) : [...acc, ...boxes];
    if (acc && acc.length > MAX_BOXES) return null;
  }
  return acc;
}

/** True when the condition matches every lead whatever its facts. */
export function alwaysMatches(c: Condition): boolean {
  if ("all" in c) return c.all.every(alwaysMatches);
  if ("any" in c) return c.any.some(alwaysMatches);
  if ("not" in c) return neverMatches(c.not);
  return false;
}

/** True when the condition matches no lead whatever its facts. */
export function neverMatches(c: Condition): boolean {
  if ("all" in c) return c.all.some(neverMatches);
  if ("any" in c) return c.any.every(neverMatches);
  if ("not" in c) return alwaysMatches(c.not);
  return false;
}
