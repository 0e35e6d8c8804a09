import type { Territory } from "../config-doc";
import type { FactValue, LeadFacts } from "../lead-facts/types";

/** Tests whether a lead, given its country fact's value, lies in a territory. */
export type TerritoryTest = (country: FactValue, facts: LeadFacts) => boolean;

type Range = { from: string; to: string };

/**
 * A territory as a membership test. The condition's fact gives the country; subdivision and
 * postal code come from the `subdivision` and `postal_code` facts. Postal ranges compare the
 * code's first `from.length` characters, so ZIP+4 or full UK codes fall in short ranges.
 */
export function compileTerritory(
  t: Territory,
  regions: ReadonlyMap<string, ReadonlySet<string>>,
): TerritoryTest {
  const countries = new Set(t.countries ?? []);
  for (const id of t.regions ?? []) for (const c of regions.get(id) ?? []) countries.add(c);
  const subdivisions = new Set(t.subdivisions ?? []);
  const ranges = new Map<string, Range[]>();
  for (const r of t.postalCodes ?? []) ranges.set(r.country, [...(ranges.get(r.country) ?? []), r]);

  return (value, facts) => {
    if (typeof value !== "string") return false;
    const country = value.toUpperCase();
    if (countries.has(country)) return true;
    const sub = facts.subdivision;
    if (typeof sub === "string" && subdivisions.has(sub) && sub.startsWith(`${country}-`)) return true;
    const postal = facts.postal_code;
    if (typeof postal !== "string") return false;
    return (ranges.get(country) ?? []).some((r) => {
      const head = postal.slice(0, r.from.length);
      return head.length === r.from.length && head >= r.from && head <= r.to;
    });
  };
}
