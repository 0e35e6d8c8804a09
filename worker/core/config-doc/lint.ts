import { walkCondition, type Condition, type Destination } from "./conditions";
import { alwaysMatches, neverMatches } from "./lint-model";
import { overlappingTerritories } from "./lint-places";
import { deadEscalations, unknownFacts } from "./lint-refs";
import { fallbackOnlyRegions, shadowedRules } from "./lint-shadow";
import type { RoutingConfig } from "./schema";

/** Something a valid config may still get wrong. */
export type LintFinding = {
  /** "warning": probably a mistake; "info": worth knowing, often deliberate. */
  severity: "warning" | "info";
  /** Stable machine code, e.g. "unreachable_rule". */
  code: string;
  /** JSON path of the thing the finding is about. */
  path: (string | number)[];
  message: string;
};

type Check = (config: RoutingConfig) => LintFinding[];

export { alwaysMatches, neverMatches } from "./lint-model";
export { coverageReport, type RegionCoverage } from "./lint-shadow";
type Path = (string | number)[];

const warning = (code: string, path: Path, message: string): LintFinding => ({
  severity: "warning",
  code,
  path,
  message,
});
const info = (code: string, path: Path, message: string): LintFinding => ({
  severity: "info",
  code,
  path,
  message,
});

/** Every destination in the document, with its path. */
function destinations(config: RoutingConfig): { dest: Destination; path: Path }[] {
  return config.ruleSets.flatMap((set, s) => [
    ...set.rules.map((rule, r) => ({ dest: rule.then, path: ["ruleSets", s, "rules", r, "then"] as Path })),
    { dest: set.fallback, path: ["ruleSets", s, "fallback"] as Path },
  ]);
}

const teamNoActiveMembers: Check = (config) => {
  const active = new Set(config.reps.filter((r) => r.active).map((r) => r.id));
  // Weights are positive by schema, so "total weight 0" and "no active member" coincide.
  return config.teams.flatMap((team, t) =>
    team.members.some((m) => active.has(m.repId))
      ? []
      : [
          warning(
            "team_no_active_members",
            ["teams", t, "members"],
            `Team "${team.id}" has no active members; its leads go to fallbacks`,
          ),
        ],
  );
};

const repInNoTeam: Check = (config) => {
  const referenced = new Set<string>();
  for (const team of config.teams) {
    team.members.forEach((m) => referenced.add(m.repId));
    if (team.sla.escalateTo?.kind === "rep") referenced.add(team.sla.escalateTo.repId);
  }
  for (const { dest } of destinations(config)) if (dest.type === "rep") referenced.add(dest.repId);
  for (const rep of config.reps) if (rep.managerId) referenced.add(rep.managerId);
  return config.reps.flatMap((rep, i) =>
    rep.active && !referenced.has(rep.id)
      ? [warning("rep_in_no_team", ["reps", i], `Rep "${rep.id}" is in no team and no rule names them`)]
      : [],
  );
};

const inactiveRepDestination: Check = (config) => {
  const inactive = new Set(config.reps.filter((r) => !r.active).map((r) => r.id));
  const findings = destinations(config).flatMap(({ dest, path }) =>
    dest.type === "rep" && inactive.has(dest.repId)
      ? [
          warning(
            "inactive_rep_destination",
            [...path, "repId"],
            `Rep "${dest.repId}" is inactive; this destination always falls back`,
          ),
        ]
      : [],
  );
  config.teams.forEach((team, t) => {
    const esc = team.sla.escalateTo;
    if (esc?.kind === "rep" && inactive.has(esc.repId)) {
      findings.push(
        warning(
          "inactive_rep_destination",
          ["teams", t, "sla", "escalateTo", "repId"],
          `Escalation rep "${esc.repId}" is inactive`,
        ),
      );
    }
  });
  return findings;
};

const unreachableRules: Check = (config) =>
  config.ruleSets.flatMap((set, s) => {
    const first = set.rules.findIndex((r) => alwaysMatches(r.when));
    const findings = set.rules.flatMap((rule, r) =>
      first >= 0 && r > first
        ? [
            warning(
              "unreachable_rule",
              ["ruleSets", s, "rules", r],
              `Rule "${rule.id}" can never run: rule "${set.rules[first]!.id}" above it always matches`,
            ),
          ]
        : neverMatches(rule.when)
          ? [
              warning(
                "rule_never_matches",
                ["ruleSets", s, "rules", r, "when"],
                `Rule "${rule.id}" can never match`,
              ),
            ]
          : [],
    );
    if (first >= 0) {
      findings.push(
        info(
          "fallback_unreachable",
          ["ruleSets", s, "fallback"],
          `Rule "${set.rules[first]!.id}" always matches, so the fallback is only used when its destination has no eligible rep`,
        ),
      );
    }
    return findings;
  });

const formWithoutOrigins: Check = (config) =>
  config.forms.flatMap((form, i) =>
    form.allowedOrigins.length === 0
      ? [
          warning(
            "form_no_origins",
            ["forms", i, "allowedOrigins"],
            `Form "${form.id}" has no allowed origins; it can only be used on Baton's own hosted page`,
          ),
        ]
      : [],
  );

const repWithoutHours: Check = (config) =>
  config.reps.flatMap((rep, i) =>
    rep.active && Object.values(rep.workingHours).every((day) => !day || day.length === 0)
      ? [
          warning(
            "rep_no_working_hours",
            ["reps", i, "workingHours"],
            `Rep "${rep.id}" has no working hours, so no slots can be offered`,
          ),
        ]
      : [],
  );

const conditionFacts = (when: Condition, base: Path) => {
  const leaves: { fact: string; op: string; values: unknown[]; path: Path }[] = [];
  walkCondition(when, (node, path) => {
    if (!("op" in node)) return;
    const value = "value" in node ? node.value : undefined;
    leaves.push({
      fact: node.fact,
      op: node.op,
      values: Array.isArray(value) ? value : [value],
      path: [...base, ...path],
    });
  });
  return leaves;
};

const allConditions = (config: RoutingConfig) => [
  ...config.scoring.rules.flatMap((r, i) => conditionFacts(r.when, ["scoring", "rules", i, "when"])),
  ...config.ruleSets.flatMap((set, s) =>
    set.rules.flatMap((r, j) => conditionFacts(r.when, ["ruleSets", s, "rules", j, "when"])),
  ),
];

const unknownTier: Check = (config) => {
  const tiers = new Set(config.scoring.tiers.map((t) => t.name));
  return allConditions(config).flatMap((leaf) =>
    leaf.fact === "tier" && ["eq", "neq", "in", "not_in"].includes(leaf.op)
      ? leaf.values
          .filter((v) => !tiers.has(String(v)))
          .map((v) =>
            warning("unknown_tier", [...leaf.path, "value"], `No scoring tier is named "${String(v)}"`),
          )
      : [],
  );
};

const fieldNames = (forms: RoutingConfig["forms"]) =>
  new Set(forms.flatMap((f) => f.fields.map((x) => x.name)));

const unknownFields = (leaves: ReturnType<typeof conditionFacts>, fields: Set<string>) =>
  leaves.flatMap((leaf) => {
    const name = leaf.fact.startsWith("fields.") ? leaf.fact.slice("fields.".length) : undefined;
    return name !== undefined && !fields.has(name)
      ? [warning("unknown_form_field", [...leaf.path, "fact"], `No form routed here has a field "${name}"`)]
      : [];
  });

const unknownFormField: Check = (config) => {
  // Scoring runs for every form; a rule set only sees the forms that point at it.
  const all = fieldNames(config.forms);
  const scoring = config.scoring.rules.flatMap((r, i) =>
    unknownFields(conditionFacts(r.when, ["scoring", "rules", i, "when"]), all),
  );
  const rules = config.ruleSets.flatMap((set, s) => {
    const fields = fieldNames(config.forms.filter((f) => f.ruleSetId === set.id));
    return set.rules.flatMap((r, j) =>
      unknownFields(conditionFacts(r.when, ["ruleSets", s, "rules", j, "when"]), fields),
    );
  });
  return [...scoring, ...rules];
};

const unusedRuleSet: Check = (config) =>
  config.ruleSets.flatMap((set, s) =>
    config.forms.some((f) => f.ruleSetId === set.id)
      ? []
      : [info("rule_set_unused", ["ruleSets", s], `No form uses rule set "${set.id}"`)],
  );

const meetWithoutGoogle: Check = (config) => {
  const google = new Set(config.reps.filter((r) => r.calendar.provider === "google").map((r) => r.id));
  return config.teams.flatMap((team, t) =>
    team.meetingType.location.kind === "google_meet" && team.members.some((m) => !google.has(m.repId))
      ? [
          info(
            "meet_without_google",
            ["teams", t, "meetingType", "location"],
            `Some members of "${team.id}" use the builtin calendar, so their meetings get no Meet link`,
          ),
        ]
      : [],
  );
};

const fairnessBandUnused: Check = (config) =>
  config.teams.flatMap((team, t) =>
    team.distribution.fairnessBand !== undefined && team.distribution.mode !== "predictive"
      ? [
          info(
            "fairness_band_unused",
            ["teams", t, "distribution", "fairnessBand"],
            "fairnessBand only applies to predictive mode",
          ),
        ]
      : [],
  );

const predictiveSettingsUnused: Check = (config) =>
  config.teams.flatMap((team, t) =>
    team.distribution.predictive !== undefined && team.distribution.mode !== "predictive"
      ? [
          info(
            "predictive_settings_unused",
            ["teams", t, "distribution", "predictive"],
            "predictive settings only apply to predictive mode",
          ),
        ]
      : [],
  );

/** The checks, in report order. Each is small and independent; add new ones here. */
export const lintChecks: readonly Check[] = [
  teamNoActiveMembers,
  repInNoTeam,
  inactiveRepDestination,
  unreachableRules,
  formWithoutOrigins,
  repWithoutHours,
  unknownTier,
  unknownFormField,
  unusedRuleSet,
  meetWithoutGoogle,
  fairnessBandUnused,
  predictiveSettingsUnused,
  shadowedRules,
  unknownFacts,
  overlappingTerritories,
  deadEscalations,
  fallbackOnlyRegions,
];

/** Findings a valid config can still have. Pure; never mutates `config`. */
export function lintConfig(config: RoutingConfig): LintFinding[] {
  return lintChecks.flatMap((check) => check(config));
}
