import { isKnownFact } from "../lead-facts/fact-names";
import { walkCondition, type Condition } from "./conditions";
import type { LintFinding } from "./lint";
import type { RoutingConfig } from "./schema";

type Path = (string | number)[];

function unknownFactsIn(when: Condition, base: Path): LintFinding[] {
  const findings: LintFinding[] = [];
  walkCondition(when, (node, path) => {
    if ("op" in node && !isKnownFact(node.fact)) {
      findings.push({
        severity: "warning",
        code: "unknown_fact",
        path: [...base, ...path, "fact"],
        message: `No lead ever has a fact "${node.fact}", so this condition never sees a value; see the list of facts in the config reference`,
      });
    }
  });
  return findings;
}

/** Conditions on facts Baton never derives (typos such as "employes" or "utm.medium.x"). */
export function unknownFacts(config: RoutingConfig): LintFinding[] {
  return [
    ...config.scoring.rules.flatMap((r, i) => unknownFactsIn(r.when, ["scoring", "rules", i, "when"])),
    ...config.ruleSets.flatMap((set, s) =>
      set.rules.flatMap((r, j) => unknownFactsIn(r.when, ["ruleSets", s, "rules", j, "when"])),
    ),
  ];
}

/**
 * Escalation targets that cannot take a lead: "manager" when no member has a manager, or
 * a team with no active member. (Ids that do not exist are refused by the schema itself.)
 */
export function deadEscalations(config: RoutingConfig): LintFinding[] {
  const reps = new Map(config.reps.map((r) => [r.id, r]));
  const activeTeam = (id: string) =>
    config.teams.find((t) => t.id === id)?.members.some((m) => reps.get(m.repId)?.active) ?? false;
  return config.teams.flatMap((team, t): LintFinding[] => {
    const esc = team.sla.escalateTo;
    const path = ["teams", t, "sla", "escalateTo"];
    if (esc?.kind === "manager" && !team.members.some((m) => reps.get(m.repId)?.managerId)) {
      return [
        {
          severity: "warning",
          code: "escalation_no_manager",
          path,
          message: `Team "${team.id}" escalates to the rep's manager, but none of its members has a manager`,
        },
      ];
    }
    if (esc?.kind === "team" && !activeTeam(esc.teamId)) {
      return [
        {
          severity: "warning",
          code: "escalation_team_empty",
          path,
          message: `Team "${team.id}" escalates to team "${esc.teamId}", which has no active member`,
        },
      ];
    }
    return [];
  });
}
