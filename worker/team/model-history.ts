import {
  mergeLabel,
  outcomeLabel,
  segmentKey,
  FAILURE_KINDS,
  SUCCESS_KINDS,
  type OutcomeLabel,
  type PredictiveSettings,
} from "../core/distribution";
import type { FactValue } from "../core/lead-facts";
import { traceFacts } from "../leads/trace-codec";
import type { HistoryLead } from "./model-store";

type OutcomeRow = {
  leadId: string;
  repId: string;
  kind: string;
  facts: string | null;
  /** The newest decision's compact trace, when it has one (leads/trace-codec.ts). */
  factsZ: ArrayBuffer | null;
  assignedAt: number;
};

// The outcomes of leads this team assigned, credited to the rep the outcome names, with the
// facts the lead was routed on (from its latest routing decision's trace) and the time the team
// first assigned it (the model's rows are pruned by that age, see model-store.ts). Bounded: a rebuild
// reads at most this many outcomes, newest kept.
const HISTORY_LIMIT = 50_000;
const KINDS = [...SUCCESS_KINDS, ...FAILURE_KINDS];
const QUERY = `
  SELECT o.lead_id AS leadId, o.rep_id AS repId, o.kind AS kind,
    (SELECT json_extract(d.trace, '$.routing.facts') FROM routing_decisions d
      WHERE d.lead_id = o.lead_id ORDER BY d.decided_at DESC LIMIT 1) AS facts,
    coalesce((SELECT coalesce(d.trace_z, d.facts_z) FROM routing_decisions d
      WHERE d.lead_id = o.lead_id ORDER BY d.decided_at DESC LIMIT 1),
      (SELECT l.facts_z FROM leads l WHERE l.id = o.lead_id)) AS factsZ,
    (SELECT MIN(a.assigned_at) FROM assignments a
      WHERE a.lead_id = o.lead_id AND a.team_id = ?1) AS assignedAt
  FROM outcomes o
  WHERE o.rep_id IS NOT NULL AND o.kind IN (${KINDS.map((_, i) => `?${i + 2}`).join(", ")})
    AND EXISTS (SELECT 1 FROM assignments a
      WHERE a.lead_id = o.lead_id AND a.rep_id = o.rep_id AND a.team_id = ?1)
  ORDER BY o.at DESC LIMIT ${HISTORY_LIMIT}`;

/**
 * The team's outcome history from D1, one entry per lead: its segment under `segments`, the
 * rep of its latest outcome, and its label (a success is final, see mergeLabel). The model is
 * state derived from D1, so this is what the team object rebuilds from when it has none.
 */
export async function loadOutcomeHistory(
  db: D1Database,
  teamId: string,
  segments: PredictiveSettings["segments"],
): Promise<HistoryLead[]> {
  const { results } = await db
    .prepare(QUERY)
    .bind(teamId, ...KINDS)
    .all<OutcomeRow>();
  const byLead = new Map<string, HistoryLead>();
  // Oldest first, so labels merge in the order the outcomes happened.
  for (const row of results.toReversed()) {
    const label = outcomeLabel(row.kind) as OutcomeLabel;
    const prev = byLead.get(row.leadId);
    // A lead's facts are decoded once, for its first (oldest) outcome.
    const facts = prev?.facts ?? ((await traceFacts(row.facts, row.factsZ)) as Record<string, FactValue>);
    byLead.set(row.leadId, {
      leadId: row.leadId,
      repId: row.repId,
      segment: prev?.segment ?? segmentKey(segments, facts),
      label: mergeLabel(prev?.label ?? null, label),
      assignedAt: Number(row.assignedAt),
      facts: prev?.facts ?? facts,
    });
  }
  return [...byLead.values()];
}
