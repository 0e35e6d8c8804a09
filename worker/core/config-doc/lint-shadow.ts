import type { LintFinding } from "./lint";
import { boxImplies } from "./lint-implies";
import { alwaysMatches, neverMatches, toBoxes, type Box, type Constraint } from "./lint-model";
import { valueKey } from "../routing/values";
import type { RoutingConfig } from "./schema";

type Regions = ReadonlyMap<string, readonly string[]>;

const regionMap = (config: RoutingConfig): Regions => new Map(config.regions.map((r) => [r.id, r.countries]));

/** Facts that may hold a list: `region`, and form fields that are (or might be) multiselect. */
function listFacts(config: RoutingConfig): (fact: string) => boolean {
  const scalarFields = new Set<string>();
  const listFields = new Set<string>();
  for (const form of config.forms) {
    for (const f of form.fields) (f.type === "multiselect" ? listFields : scalarFields).add(f.name);
  }
  return (fact) => {
    if (fact === "region") return true;
    if (!fact.startsWith("fields.")) return false;
    const name = fact.slice("fields.".length);
    return listFields.has(name) || !scalarFields.has(name);
  };
}

/**
 * Rules that can never decide because earlier rules (together) already match every lead
 * they match. Proven from the decidable operators only; rules after an always-matching rule
 * and rules that never match are reported by their own checks and skipped here.
 */
export function shadowedRules(config: RoutingConfig): LintFinding[] {
  const regions = regionMap(config);
  const isList = listFacts(config);
  return config.ruleSets.flatMap((set, s) => {
    const findings: LintFinding[] = [];
    const earlier: { id: string; boxes: Box[] }[] = [];
    for (const [r, rule] of set.rules.entries()) {
      if (alwaysMatches(rule.when)) break;
      const boxes = toBoxes(rule.when, regions);
      if (boxes && boxes.length > 0 && !neverMatches(rule.when)) {
        const by = new Set<string>();
        const covered = boxes.every((box) => {
          const cover = earlier.find((e) => e.boxes.some((eb) => boxImplies(box, eb, isList)));
          if (cover) by.add(cover.id);
          return cover !== undefined;
        });
        if (covered) {
          const names = [...by].map((id) => `"${id}"`).join(" and ");
          findings.push({
            severity: "warning",
            code: "shadowed_rule",
            path: ["ruleSets", s, "rules", r],
            message: `Rule "${rule.id}" can never decide: every lead it matches is already taken by rule ${names} above it. Move it up or narrow the earlier rule.`,
          });
        }
      }
      if (boxes) earlier.push({ id: rule.id, boxes });
    }
    return findings;
  });
}

/** Whether some lead from `country` can satisfy constraint `c` as far as country facts go. */
function allowsCountry(c: Constraint, countryKey: string, regionKeys: readonly string[]): boolean {
  if (c.fact !== "country" && c.fact !== "region") return true;
  if (c.kind === "opaque") return true;
  if (c.kind === "range") return false;
  const values = c.fact === "country" ? [countryKey] : regionKeys;
  const hit = values.some((k) => c.keys.has(k));
  return c.include ? hit : !hit;
}

/** For one rule set and one region set: the rules that can catch some lead from it, in order. */
export type RegionCoverage = { ruleSetId: string; regionId: string; rules: string[]; fallbackOnly: boolean };

/**
 * Which rules can catch a lead from each region set (judged on the `country` and `region`
 * facts; other conditions are assumed satisfiable). A region with no such rule is
 * "fallback only". Rules the analysis cannot model count as able to catch it.
 */
export function coverageReport(config: RoutingConfig): RegionCoverage[] {
  const regions = regionMap(config);
  const regionsOf = new Map<string, string[]>();
  for (const r of config.regions)
    for (const c of r.countries) regionsOf.set(c, [...(regionsOf.get(c) ?? []), valueKey(r.id)]);
  return config.ruleSets.flatMap((set) => {
    const boxesByRule = set.rules.map((rule) => ({ id: rule.id, boxes: toBoxes(rule.when, regions) }));
    return config.regions.map((region) => {
      const rules = boxesByRule
        .filter(
          ({ boxes }) =>
            boxes === null ||
            boxes.some((box) =>
              region.countries.some((c) =>
                box.every((k) => allowsCountry(k, valueKey(c), regionsOf.get(c) ?? [])),
              ),
            ),
        )
        .map((r) => r.id);
      return { ruleSetId: set.id, regionId: region.id, rules, fallbackOnly: rules.length === 0 };
    });
  });
}

/** An info finding for every region whose leads can only ever reach a rule set's fallback. */
export function fallbackOnlyRegions(config: RoutingConfig): LintFinding[] {
  const index = new Map(config.regions.map((r, i) => [r.id, i]));
  return coverageReport(config)
    .filter((c) => c.fallbackOnly)
    .map((c) => ({
      severity: "info" as const,
      code: "region_fallback_only",
      path: ["regions", index.get(c.regionId)!],
      message: `No rule in rule set "${c.ruleSetId}" can match a lead from region "${c.regionId}"; all of them go to its fallback`,
    }));
}
