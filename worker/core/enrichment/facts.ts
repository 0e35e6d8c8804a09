import type { FactValue } from "../lead-facts/types";

/**
 * Every enrichment fact is namespaced, so an enricher can add to what the visitor said but
 * never overwrite it (`employees` stays the form's answer; `enrich.employees` is the
 * provider's). Rules and scoring test them like any fact: `{ fact: "enrich.industry", … }`.
 */
export const ENRICHMENT_FACT_PREFIX = "enrich.";

/** Bare names as providers send them: snake_case, like Baton's own derived facts. */
const NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** Bounds that keep a misbehaving provider from bloating every stored trace. */
export const MAX_ENRICHMENT_FACTS = 32;
const MAX_STRING = 200;
const MAX_LIST = 20;

function factValue(value: unknown): FactValue | undefined {
  if (typeof value === "string") {
    const s = value.trim();
    return s && s.length <= MAX_STRING ? s : undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  if (Array.isArray(value) && value.length <= MAX_LIST) {
    const ok = value.every((v) => typeof v === "string" && v.trim() && v.length <= MAX_STRING);
    return ok && value.length ? value.map((v: string) => v.trim()) : undefined;
  }
  return undefined;
}

/**
 * Turns a provider's `{ name: value }` into `enrich.<name>` facts. Names and values that do
 * not fit (nested objects, nulls, over-long strings, odd names such as `__proto__`) are
 * dropped one by one and listed, so one bad value never costs the good ones.
 */
export function enrichmentFacts(raw: Readonly<Record<string, unknown>>): {
  facts: Record<string, FactValue>;
  dropped: string[];
} {
  const facts: Record<string, FactValue> = {};
  const dropped: string[] = [];
  let kept = 0;
  for (const [name, value] of Object.entries(raw)) {
    const v = NAME.test(name) && kept < MAX_ENRICHMENT_FACTS ? factValue(value) : undefined;
    if (v === undefined) {
      dropped.push(name.slice(0, 60));
      continue;
    }
    facts[`${ENRICHMENT_FACT_PREFIX}${name}`] = v;
    kept++;
  }
  return { facts, dropped };
}
