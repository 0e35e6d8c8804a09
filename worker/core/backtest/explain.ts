import type { AssignmentTarget } from "../routing/target";
import type { Destination } from "../config-doc";
import type { RuleTrace } from "../routing";
import type { Outcome, RuleDiff, RuleState, Side } from "./types";

/** A stable key for "who takes the lead": same key, same destination for the dashboard. */
export function targetKey(target: AssignmentTarget | null): string {
  if (!target) return "none";
  if (target.kind === "rep") return `rep:${target.repId}`;
  const skills = target.skills
    ? `:${[...(target.skills.languages ?? [])].toSorted().join(",")}|${[...(target.skills.verticals ?? [])].toSorted().join(",")}`
    : "";
  return `team:${target.teamId}${skills}`;
}

/** `null` when nothing changed, else whether the taker or only the deciding rule changed. */
export function changeKind(before: Outcome, after: Outcome): "destination" | "rule" | null {
  if (!before.ok || !after.ok) return before.ok === after.ok ? null : "destination";
  if (targetKey(before.target) !== targetKey(after.target)) return "destination";
  return before.ruleId === after.ruleId ? null : "rule";
}

export function toSide(o: Outcome): Side {
  if (!o.ok) return o;
  const t = o.target;
  return {
    ok: true,
    ruleId: o.ruleId,
    ...(o.ruleName ? { ruleName: o.ruleName } : {}),
    destination: o.destination,
    target: !t
      ? null
      : t.kind === "rep"
        ? { kind: "rep", repId: t.repId, teamId: t.teamId }
        : { kind: "team", teamId: t.teamId },
    fallback: o.fallback,
    score: o.score,
    tier: o.tier,
    ...(o.destinationNote ? { note: o.destinationNote } : {}),
  };
}

type StateMap = Map<string, { state: RuleState; miss?: string }>;

function states(rules: readonly RuleTrace[], ruleIds: readonly string[]): StateMap {
  const map: StateMap = new Map();
  for (const id of ruleIds) map.set(id, { state: "not_reached" });
  for (const r of rules)
    map.set(r.ruleId, r.matched ? { state: "matched" } : { state: "missed", miss: r.failure?.message });
  return map;
}

/** The rules whose evaluation differs, in the draft's order, then rules only the active config has. */
export function ruleDiff(
  before: Outcome,
  after: Outcome,
  beforeIds: readonly string[],
  afterIds: readonly string[],
): RuleDiff[] {
  const b = states(before.ok ? before.rules : [], beforeIds);
  const a = states(after.ok ? after.rules : [], afterIds);
  const diffs: RuleDiff[] = [];
  for (const id of new Set([...afterIds, ...beforeIds])) {
    const x = b.get(id) ?? { state: "absent" as const };
    const y = a.get(id) ?? { state: "absent" as const };
    if (x.state === y.state) continue;
    diffs.push({
      ruleId: id,
      before: x.state,
      after: y.state,
      ...(x.miss ? { beforeMiss: x.miss } : {}),
      ...(y.miss ? { afterMiss: y.miss } : {}),
    });
  }
  return diffs;
}

export function describeDestination(d: Destination): string {
  switch (d.type) {
    case "team":
      return `team ${d.teamId}`;
    case "skill":
      return `team ${d.teamId} with skills ${JSON.stringify(d.skills)}`;
    case "rep":
      return `rep ${d.repId}`;
    case "account_owner":
      return `the account owner (else team ${d.fallbackTeamId})`;
    case "crm_owner":
      return `the CRM owner (else team ${d.fallbackTeamId})`;
  }
}

/** Why the rule that decided before no longer does, and why the new one now does. */
function ruleReasons(beforeRule: string, afterRule: string, diffs: readonly RuleDiff[]): string[] {
  const reasons: string[] = [];
  const diff = (id: string) => diffs.find((d) => d.ruleId === id);
  if (beforeRule === "fallback") reasons.push("Before, no rule matched and the fallback decided");
  else {
    const d = diff(beforeRule);
    if (d?.after === "absent") reasons.push(`Rule "${beforeRule}" is not in the draft`);
    else if (d?.after === "missed")
      reasons.push(`Rule "${beforeRule}" no longer matches: ${d.afterMiss ?? "a condition fails"}`);
    else if (d?.after === "not_reached")
      reasons.push(`Rule "${beforeRule}" is no longer reached: "${afterRule}" decides first`);
  }
  if (afterRule === "fallback") reasons.push("No rule matches in the draft; the fallback decides");
  else {
    const d = diff(afterRule);
    if (d?.before === "absent") reasons.push(`New rule "${afterRule}" matches`);
    else if (d?.before === "missed")
      reasons.push(`Rule "${afterRule}" now matches (before: ${d.beforeMiss ?? "a condition failed"})`);
    else if (d?.before === "not_reached")
      reasons.push(`Rule "${afterRule}" now decides (it was not reached before)`);
  }
  return reasons;
}

/** Sentences for the dashboard: what changed between the two outcomes, most decisive first. */
export function reasonsFor(before: Outcome, after: Outcome, diffs: readonly RuleDiff[]): string[] {
  if (!before.ok || !after.ok) {
    return [
      ...(before.ok ? [] : [`Active config: ${before.reason}`]),
      ...(after.ok ? [] : [`Draft: ${after.reason}`]),
    ];
  }
  const reasons = before.ruleId === after.ruleId ? [] : ruleReasons(before.ruleId, after.ruleId, diffs);
  const sameDestination = JSON.stringify(before.destination) === JSON.stringify(after.destination);
  if (before.ruleId === after.ruleId && !sameDestination)
    reasons.push(
      `Rule "${after.ruleId}" now sends to ${describeDestination(after.destination)} instead of ${describeDestination(before.destination)}`,
    );
  // A destination nobody can take hands over to the fallback: say who could not, and why.
  const tookOver = (o: typeof before) => o.fallback && o.ruleId !== "fallback";
  if (
    targetKey(before.target) !== targetKey(after.target) &&
    (sameDestination || tookOver(before) || tookOver(after))
  )
    reasons.push(
      `Before: ${before.target?.why ?? "nobody could take it"}; draft: ${after.target?.why ?? "nobody can take it"}`,
    );
  if (before.tier !== after.tier)
    reasons.push(
      `Tier ${before.tier ?? "none"} → ${after.tier ?? "none"} (score ${before.score} → ${after.score})`,
    );
  else if (before.score !== after.score) reasons.push(`Score ${before.score} → ${after.score}`);
  return reasons;
}
