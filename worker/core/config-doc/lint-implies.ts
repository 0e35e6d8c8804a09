import type { Box, Constraint, RangeConstraint, SetConstraint } from "./lint-model";

/**
 * Implication between constraints of the lint model: `implies(a, b, list)` is true only when
 * every value satisfying `a` satisfies `b`. `list` says the fact may hold a list (region,
 * multiselect fields), where "some item in A" does not exclude "some item in B".
 */

const numberOfKey = (key: string): number | null => (key.startsWith("#") ? Number(key.slice(1)) : null);

function inRange(n: number, r: RangeConstraint): boolean {
  return (n > r.lo || (r.loIn && n === r.lo)) && (n < r.hi || (r.hiIn && n === r.hi));
}

const subset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].every((k) => b.has(k));
const disjoint = (a: ReadonlySet<string>, b: ReadonlySet<string>) => ![...a].some((k) => b.has(k));

function setImpliesSet(a: SetConstraint, b: SetConstraint, list: boolean): boolean {
  if (a.missing && !b.missing) return false;
  if (a.include && b.include) return subset(a.keys, b.keys);
  if (!a.include && !b.include) return subset(b.keys, a.keys);
  // Some item in A rules out every item of B only when there is one item.
  if (a.include && !b.include) return !list && disjoint(a.keys, b.keys);
  return false;
}

function rangeImpliesRange(a: RangeConstraint, b: RangeConstraint): boolean {
  const loOk = a.lo > b.lo || (a.lo === b.lo && (b.loIn || !a.loIn));
  const hiOk = a.hi < b.hi || (a.hi === b.hi && (b.hiIn || !a.hiIn));
  return loOk && hiOk;
}

/** True when every fact value satisfying `a` also satisfies `b` (both on the same fact). */
export function implies(a: Constraint, b: Constraint, list: boolean): boolean {
  if (a.kind === "opaque" || b.kind === "opaque")
    return a.kind === "opaque" && b.kind === "opaque" && a.key === b.key;
  if (a.kind === "set" && b.kind === "set") return setImpliesSet(a, b, list);
  if (a.kind === "range" && b.kind === "range") return rangeImpliesRange(a, b);
  if (a.kind === "set" && b.kind === "range") {
    // Numeric comparisons are false on lists, so `eq 1000` implies `gte 500` only on scalars.
    return (
      !list &&
      a.include &&
      !a.missing &&
      [...a.keys].every((k) => {
        const n = numberOfKey(k);
        return n !== null && inRange(n, b);
      })
    );
  }
  if (a.kind === "range" && b.kind === "set" && !b.include) {
    // A numeric value in range is excluded only if B lists it.
    return ![...b.keys].some((k) => {
      const n = numberOfKey(k);
      return n !== null && inRange(n, a);
    });
  }
  return false;
}

/** True when every lead matching box `a` matches box `b`. */
export function boxImplies(a: Box, b: Box, isList: (fact: string) => boolean): boolean {
  return b.every((cb) => a.some((ca) => ca.fact === cb.fact && implies(ca, cb, isList(cb.fact))));
}
