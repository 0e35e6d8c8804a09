/**
 * A structural diff of two config documents, for the publish step: what an admin is about
 * to change, path by path, with the value before and after.
 *
 * Pure and DOM-free (it is unit-tested inside workerd). Arrays of objects that carry an `id`
 * (reps, teams, rules, forms, …) are matched by id, so moving one rule reads as a reorder
 * instead of every later rule "changing".
 */

/** A path segment: an object key, the id of an item in an id-keyed array, or `#n` (1-based position). */
export type DiffPath = string[];

export type Change =
  | { kind: "added"; path: DiffPath; after: unknown }
  | { kind: "removed"; path: DiffPath; before: unknown }
  | { kind: "changed"; path: DiffPath; before: unknown; after: unknown }
  /** The items of an id-keyed array kept their ids but not their order. */
  | { kind: "reordered"; path: DiffPath; before: string[]; after: string[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function idOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.id === "string" ? v.id : undefined;
}

/** Ids are usable as keys only when every item has one and none repeats. */
function idKeys(items: unknown[]): string[] | undefined {
  const ids = items.map(idOf);
  if (ids.some((id) => id === undefined)) return undefined;
  return new Set(ids).size === ids.length ? (ids as string[]) : undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

function diffArrays(before: unknown[], after: unknown[], path: DiffPath, out: Change[]): void {
  const beforeIds = before.length ? idKeys(before) : [];
  const afterIds = after.length ? idKeys(after) : [];
  if (!beforeIds || !afterIds || (before.length === 0 && after.length === 0)) {
    // Conditions and intervals have no ids: compared by position ("#2") when the count is
    // unchanged, so one edited value reads as that value. Lists of plain values (countries,
    // origins) and resized lists read best as one before/after pair.
    const nested =
      before.length === after.length &&
      [...before, ...after].some((x) => typeof x === "object" && x !== null);
    if (nested) before.forEach((b, i) => diffValues(b, after[i], [...path, `#${i + 1}`], out));
    else if (!equal(before, after)) out.push({ kind: "changed", path, before, after });
    return;
  }
  const afterSet = new Set(afterIds);
  const beforeSet = new Set(beforeIds);
  beforeIds.forEach((id, i) => {
    if (!afterSet.has(id)) out.push({ kind: "removed", path: [...path, id], before: before[i] });
  });
  afterIds.forEach((id, i) => {
    const j = beforeIds.indexOf(id);
    if (j === -1) out.push({ kind: "added", path: [...path, id], after: after[i] });
    else diffValues(before[j], after[i], [...path, id], out);
  });
  const keptBefore = beforeIds.filter((id) => afterSet.has(id));
  const keptAfter = afterIds.filter((id) => beforeSet.has(id));
  if (!equal(keptBefore, keptAfter))
    out.push({ kind: "reordered", path, before: keptBefore, after: keptAfter });
}

function diffValues(before: unknown, after: unknown, path: DiffPath, out: Change[]): void {
  if (equal(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path, out);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const [b, a] = [before[key], after[key]];
      if (b === undefined && a !== undefined) out.push({ kind: "added", path: [...path, key], after: a });
      else if (a === undefined && b !== undefined)
        out.push({ kind: "removed", path: [...path, key], before: b });
      else diffValues(b, a, [...path, key], out);
    }
    return;
  }
  out.push({ kind: "changed", path, before, after });
}

/** Every difference from `before` to `after`, in document order. Neither input is modified. */
export function diffConfig(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  diffValues(before as Json, after as Json, [], out);
  return out;
}

/** `["ruleSets", "default", "rules", "hot-paid", "then"]` → `ruleSets › default › rules › hot-paid › then`. */
export function formatPath(path: DiffPath): string {
  return path.length ? path.join(" › ") : "(whole document)";
}
