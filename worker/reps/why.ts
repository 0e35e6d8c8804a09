/**
 * "Why me", in one line, from a stored routing trace (`{ routing, distribution }`) and the
 * assignment row: the rule that matched, how the team chose, or who moved the lead here.
 * Reads defensively: traces written by older versions lack some fields.
 */
export function whyMe(
  repId: string,
  trace: unknown,
  assignment: { ruleId: string | null; reason: string | null; assignedBy: string | null },
): string {
  const parts: string[] = [];
  if (assignment.assignedBy) parts.push(`moved to you by ${assignment.assignedBy}`);
  else if (assignment.reason) parts.push(assignment.reason);
  const t = obj(trace);
  const matched = Array.isArray(obj(t.routing).rules)
    ? (obj(t.routing).rules as unknown[]).map(obj).find((r) => r.matched === true)
    : undefined;
  const ruleId = typeof matched?.ruleId === "string" ? matched.ruleId : assignment.ruleId;
  parts.push(ruleId ? `rule "${ruleId}" matched` : "the routing fallback");
  // Routing stores one distribution attempt per destination tried; the last one placed the lead.
  const dist = obj(Array.isArray(t.distribution) ? t.distribution.at(-1) : t.distribution);
  const explanation = Array.isArray(dist.explanation) ? dist.explanation.map(obj) : [];
  if (typeof dist.mode === "string" && explanation.length) {
    const eligible = explanation.filter((c) => c.eligible === true).length;
    const mine = explanation.find((c) => c.repId === repId);
    const share =
      typeof mine?.target === "number" && typeof mine.actual === "number"
        ? `, you had ${fmt(mine.actual)} of a ${fmt(mine.target)} target`
        : "";
    parts.push(`${dist.mode} among ${eligible} eligible of ${explanation.length}${share}`);
  }
  return parts.join("; ");
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
