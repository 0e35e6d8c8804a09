import type { z } from "zod";
import { walkCondition, type Condition, type Destination } from "./conditions";
import { issue } from "./primitives";
import type { RoutingConfig } from "./schema";

type Ctx = z.core.ParsePayload<RoutingConfig>;
type Path = (string | number)[];
type Known = Record<"rep" | "team" | "region" | "territory" | "ruleSet", ReadonlySet<string>>;

/**
 * Cross-reference checks: every id the document points at must exist. Runs only once the
 * shape is valid (zod skips checks on a value that already failed), so it can trust types.
 */
export function checkReferences(ctx: Ctx): void {
  const config = ctx.value;
  const known: Known = {
    rep: new Set(config.reps.map((r) => r.id)),
    team: new Set(config.teams.map((t) => t.id)),
    region: new Set(config.regions.map((r) => r.id)),
    territory: new Set(config.territories.map((t) => t.id)),
    ruleSet: new Set(config.ruleSets.map((r) => r.id)),
  };
  const ref = (kind: keyof Known, id: string | undefined, path: Path) => {
    if (id !== undefined && !known[kind].has(id)) {
      issue(ctx, path, "unknown_reference", `Unknown ${kind === "ruleSet" ? "rule set" : kind} "${id}"`);
    }
  };
  checkReps(ctx, ref);
  checkTeams(config, ref);
  config.territories.forEach((t, i) =>
    t.regions?.forEach((r, j) => ref("region", r, ["territories", i, "regions", j])),
  );
  config.forms.forEach((f, i) => ref("ruleSet", f.ruleSetId, ["forms", i, "ruleSetId"]));
  if (config.email) ref("ruleSet", config.email.ruleSetId, ["email", "ruleSetId"]);
  config.scoring.rules.forEach((r, i) => checkCondition(r.when, ["scoring", "rules", i, "when"], ref));
  config.ruleSets.forEach((set, s) => {
    set.rules.forEach((rule, r) => {
      checkCondition(rule.when, ["ruleSets", s, "rules", r, "when"], ref);
      checkDestination(rule.then, ["ruleSets", s, "rules", r, "then"], ref);
    });
    checkDestination(set.fallback, ["ruleSets", s, "fallback"], ref);
  });
  config.signals?.tasks.forEach((task, t) => {
    checkCondition(task.when, ["signals", "tasks", t, "when"], ref);
    checkDestination(task.then, ["signals", "tasks", t, "then"], ref);
  });
}

type Ref = (kind: keyof Known, id: string | undefined, path: Path) => void;

function checkReps(ctx: Ctx, ref: Ref): void {
  ctx.value.reps.forEach((rep, i) => {
    if (rep.managerId === rep.id) {
      issue(ctx, ["reps", i, "managerId"], "self_reference", "A rep cannot be its own manager");
    } else {
      ref("rep", rep.managerId, ["reps", i, "managerId"]);
    }
  });
}

function checkTeams(config: RoutingConfig, ref: Ref): void {
  config.teams.forEach((team, t) => {
    team.members.forEach((m, j) => ref("rep", m.repId, ["teams", t, "members", j, "repId"]));
    const esc = team.sla.escalateTo;
    if (esc?.kind === "rep") ref("rep", esc.repId, ["teams", t, "sla", "escalateTo", "repId"]);
    if (esc?.kind === "team") ref("team", esc.teamId, ["teams", t, "sla", "escalateTo", "teamId"]);
  });
}

function checkCondition(when: Condition, base: Path, ref: Ref): void {
  walkCondition(when, (node, path) => {
    if (!("op" in node)) return;
    if (node.op === "in_region") ref("region", node.value, [...base, ...path, "value"]);
    if (node.op === "in_territory") ref("territory", node.value, [...base, ...path, "value"]);
  });
}

function checkDestination(dest: Destination, base: Path, ref: Ref): void {
  switch (dest.type) {
    case "team":
    case "skill":
      ref("team", dest.teamId, [...base, "teamId"]);
      break;
    case "rep":
      ref("rep", dest.repId, [...base, "repId"]);
      ref("team", dest.fallbackTeamId, [...base, "fallbackTeamId"]);
      break;
    case "account_owner":
    case "crm_owner":
      ref("team", dest.fallbackTeamId, [...base, "fallbackTeamId"]);
      break;
  }
}
