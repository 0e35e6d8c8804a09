import type { FactValue } from "../lead-facts/types";

/**
 * How condition operators compare values. Kept apart from the operators so that lint's
 * static analysis (config/lint-shadow.ts) can model exactly the same equality.
 */

/** A fact is missing when absent; null, "" and [] count as absent too. */
export function isMissing(v: FactValue | null | undefined): v is null | undefined {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A number, or a string that is exactly a decimal number ("42", "-3.5"); else null. */
export function asNumber(v: FactValue): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    return NUMERIC.test(t) ? Number(t) : null;
  }
  return null;
}

/** Text of a scalar for case-insensitive string operators. */
export function asText(v: string | number | boolean): string {
  return String(v).toLowerCase();
}

/**
 * The key under which `in`/`not_in` sets and equality compare a scalar: numbers (and
 * numeric strings) by value, everything else by lower-cased text. So 500, "500" and "500.0"
 * are equal, and "CPC" equals "cpc".
 */
export function valueKey(v: string | number | boolean): string {
  if (typeof v === "number") return `#${v}`;
  if (typeof v === "string") {
    // Hot path: most values ("DE", "cpc") neither look numeric nor need trimming, so the
    // regex and trim run only when the first or last character says they might matter.
    const first = v.charCodeAt(0);
    const last = v.charCodeAt(v.length - 1);
    if (!(first <= 57 || last <= 32)) return v.toLowerCase();
    const n = asNumber(v);
    return n === null ? v.trim().toLowerCase() : `#${n}`;
  }
  return v ? "true" : "false";
}

/** The scalars of a fact: a list fact's items, or the value itself. */
export function scalars(v: FactValue): readonly (string | number | boolean)[] {
  return Array.isArray(v) ? v : [v as string | number | boolean];
}
