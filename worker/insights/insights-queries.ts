/**
 * The routed leads of a period for rule insights: each lead's rule and team (of its first
 * assignment, what the rules decided), its current rep, the facts it was routed on and its
 * outcome label. One D1 round trip; bounded to the newest MAX_INSIGHT_LEADS leads.
 */
import { FAILURE_KINDS, SUCCESS_KINDS } from "../core/distribution";
import type { InsightLead } from "../core/insights";
import type { FactValue } from "../core/lead-facts";
import { traceFacts } from "../leads/trace-codec";

/** A period's leads read at most: 20,000 rows of a few hundred bytes, well inside a request. */
export const MAX_INSIGHT_LEADS = 20_000;

const quoted = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(", ");

const QUERY = `
  SELECT a.lead_id AS leadId, a.rule_id AS ruleId, a.team_id AS teamId,
    (SELECT x.rep_id FROM assignments x WHERE x.lead_id = a.lead_id ORDER BY x.attempt DESC LIMIT 1) AS repId,
    (SELECT json_extract(d.trace, '$.routing.facts') FROM routing_decisions d
      WHERE d.lead_id = a.lead_id ORDER BY d.decided_at DESC LIMIT 1) AS facts,
    coalesce((SELECT coalesce(d.trace_z, d.facts_z) FROM routing_decisions d
      WHERE d.lead_id = a.lead_id ORDER BY d.decided_at DESC LIMIT 1), l.facts_z) AS factsZ,
    EXISTS (SELECT 1 FROM outcomes o WHERE o.lead_id = a.lead_id AND o.kind IN (${quoted(SUCCESS_KINDS)})) AS won,
    EXISTS (SELECT 1 FROM outcomes o WHERE o.lead_id = a.lead_id AND o.kind IN (${quoted(FAILURE_KINDS)})) AS lost
  FROM assignments a JOIN leads l ON l.id = a.lead_id
  WHERE a.attempt = 0 AND l.created_at >= ?1 AND l.created_at < ?2 AND l.status != 'spam'
  ORDER BY l.created_at DESC LIMIT ${MAX_INSIGHT_LEADS}`;

type Row = {
  leadId: string;
  ruleId: string | null;
  teamId: string | null;
  repId: string;
  facts: string | null;
  /** The newest decision's compact trace, when it has one (leads/trace-codec.ts). */
  factsZ: ArrayBuffer | null;
  won: number;
  lost: number;
};

/** The leads created in [from, to), newest first; a conversion outranks a later loss (mergeLabel). */
export async function insightLeads(d1: D1Database, from: number, to: number): Promise<InsightLead[]> {
  const { results } = await d1.prepare(QUERY).bind(from, to).all<Row>();
  return Promise.all(
    results.map(async (r) => ({
      leadId: r.leadId,
      ruleId: r.ruleId,
      teamId: r.teamId,
      repId: r.repId,
      facts: (await traceFacts(r.facts, r.factsZ)) as Record<string, FactValue>,
      label: r.won ? "success" : r.lost ? ("failure" as const) : null,
    })),
  );
}
