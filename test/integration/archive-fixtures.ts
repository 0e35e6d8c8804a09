/**
 * A lead whose routing facts carry `enrich.industry = fintech`, and a draft whose first rule
 * sends fintech to the partners team: backtest then changes exactly that lead, which lets the
 * archive tests check that a lead replays the same from D1 and from R2.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { insightLeads } from "../../worker/insights/insights-queries";
import { decodeTrace, encodeTrace } from "../../worker/leads/trace-codec";
import { NOW, send } from "./admin-data-fixtures";
import { clone } from "./helpers";

const DAY = 86_400_000;

/** Rewrites the lead's stored routing facts as if enrichment had found a fintech. */
export async function markAsFintech(leadId: string): Promise<void> {
  const stored = (await env.DB.prepare("SELECT id, trace_z FROM routing_decisions WHERE lead_id = ?")
    .bind(leadId)
    .first<{ id: string; trace_z: ArrayBuffer }>())!;
  const trace = (await decodeTrace(stored.trace_z)) as { routing: { facts: Record<string, unknown> } };
  trace.routing.facts["enrich.industry"] = "fintech";
  await env.DB.prepare("UPDATE routing_decisions SET trace_z = ? WHERE id = ?")
    .bind(await encodeTrace(trace), stored.id)
    .run();
}

/** The lead's change in a backtest of the fintech draft over the day around NOW. */
export async function fintechBacktestOf(leadId: string): Promise<unknown> {
  const draft = clone(demoConfig) as any;
  draft.ruleSets[0].rules.unshift({
    id: "fintech",
    when: { fact: "enrich.industry", op: "eq", value: "fintech" },
    then: { type: "team", teamId: "partners" },
  });
  const res = await send("/v1/admin/backtest", {
    method: "POST",
    body: { draft, since: new Date(NOW - DAY).toISOString(), changesLimit: 1000 },
  });
  expect(res.status).toBe(200);
  return (await res.json<any>()).changes.find((c: any) => c.leadId === leadId);
}

/** What rule insights read of the lead over the day around NOW. */
export async function insightOf(leadId: string) {
  return (await insightLeads(env.DB, NOW - DAY, NOW + DAY)).find((l) => l.leadId === leadId);
}
