import type { LintFinding } from "./lint";
import type { RoutingConfig, Territory } from "./schema";

type Area = {
  countries: Set<string>;
  subdivisions: Set<string>;
  postal: { country: string; from: string; to: string }[];
};

function area(t: Territory, regions: ReadonlyMap<string, readonly string[]>): Area {
  const countries = new Set(t.countries ?? []);
  for (const id of t.regions ?? []) for (const c of regions.get(id) ?? []) countries.add(c);
  return { countries, subdivisions: new Set(t.subdivisions ?? []), postal: t.postalCodes ?? [] };
}

// Ranges of different lengths are compared on their common prefix, which can only widen
// them, so an overlap may be reported where a narrower reading has none, never missed.
function rangesOverlap(a: Area["postal"][number], b: Area["postal"][number]): boolean {
  if (a.country !== b.country) return false;
  const n = Math.min(a.from.length, b.from.length);
  return a.from.slice(0, n) <= b.to.slice(0, n) && b.from.slice(0, n) <= a.to.slice(0, n);
}

/** What two territories both contain, in words, or null when they are disjoint. */
function sharedPart(a: Area, b: Area): string | null {
  const country = [...a.countries].find((c) => b.countries.has(c));
  if (country) return `both include ${country}`;
  const sub = [...a.subdivisions].find((s) => b.subdivisions.has(s) || b.countries.has(s.slice(0, 2)));
  if (sub) return `both include ${sub}`;
  const subB = [...b.subdivisions].find((s) => a.countries.has(s.slice(0, 2)));
  if (subB) return `both include ${subB}`;
  const postalIn = (x: Area, y: Area) =>
    x.postal.find((r) => y.countries.has(r.country) || y.postal.some((q) => rangesOverlap(r, q)));
  const range = postalIn(a, b) ?? postalIn(b, a);
  return range ? `both include ${range.country} postal codes ${range.from}-${range.to}` : null;
}

/**
 * Territories that overlap: a lead in the overlap satisfies both, so whichever rule comes
 * first wins, which is rarely what the admin drew. Subdivisions and postal ranges of the
 * same country are not compared (that would need a postal-code-to-state table).
 */
export function overlappingTerritories(config: RoutingConfig): LintFinding[] {
  const regions = new Map(config.regions.map((r) => [r.id, r.countries] as const));
  const areas = config.territories.map((t) => area(t, regions));
  return config.territories.flatMap((t, j) =>
    config.territories.slice(0, j).flatMap((earlier, i) => {
      const shared = sharedPart(areas[i]!, areas[j]!);
      return shared
        ? [
            {
              severity: "warning" as const,
              code: "territory_overlap",
              path: ["territories", j],
              message: `Territory "${t.id}" overlaps "${earlier.id}": ${shared}`,
            },
          ]
        : [];
    }),
  );
}
