import type { CronJob } from "../cron/jobs";
import { loadActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { leadHistory, listOverdue, setDeadline } from "./sla-queries";
import { enqueueNotifications } from "../notify/outbound";
import { webhookMessagesFor } from "../notify/webhook-fanout";
import { leadSummary, type LeadSummary } from "../notify/rep-notice";
import type { RoutingConfig } from "../core/config-doc";
import type { LeadRow } from "../leads/lead-queries";
import { handOff } from "../outbox/dispatch";
import { handleBreach, type BreachOutcome } from "./breach";
import type { SweepContext } from "./context";

/**
 * Rows per run. Each costs about four subrequests (one or two team-object calls and one or
 * two D1 statements), so 50 stays far under the 1,000 a Worker invocation may make to
 * Cloudflare services, and a run takes well under a second of CPU. A backlog drains at 50 a
 * minute; test/bench/sla-sweep measures it.
 */
export const SLA_SWEEP_BATCH = 50;
/** A row whose handling threw is retried after this, so one bad row cannot block the queue head. */
export const SLA_RETRY_DELAY_MS = 5 * 60_000;

/** One sweep: handles up to `batch` overdue assignments and sends what they caused. */
export async function sweepSla(env: Env, db: Database, now: number, batch = SLA_SWEEP_BATCH) {
  const active = await loadActiveConfig(db);
  if (!active) return { skipped: "no active config" };
  const rows = await listOverdue(env.DB, now, batch);
  if (rows.length === 0) return { due: 0 };
  const leadIds = [...new Set(rows.map((r) => r.leadId))];
  const [history, leads] = await Promise.all([
    leadHistory(env.DB, leadIds),
    leadSummaries(env.DB, leadIds, active.config),
  ]);
  const ctx: SweepContext = {
    env,
    now,
    config: active.config,
    version: active.version,
    leads,
    events: [],
    notices: [],
    outbox: [],
  };
  const counts: Partial<Record<BreachOutcome | "failed", number>> = {};
  for (const row of rows) {
    let outcome: BreachOutcome | "failed";
    try {
      outcome = await handleBreach(ctx, row, history.get(row.leadId)!);
    } catch (err) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "sla breach failed",
          assignmentId: row.id,
          error: String(err),
        }),
      );
      await setDeadline(env.DB, row, now + SLA_RETRY_DELAY_MS, null);
      outcome = "failed";
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  const webhooks = await webhookMessagesFor(db, ctx.events, now);
  await enqueueNotifications(env, [...ctx.notices, ...webhooks]);
  await handOff(env, undefined, ctx.outbox, now);
  return { due: rows.length, ...counts, notifications: ctx.notices.length + webhooks.length };
}

/** The leads' notice summaries, read as the lead page reads them, with the live form's answers. */
async function leadSummaries(
  d1: D1Database,
  ids: readonly string[],
  config: RoutingConfig,
): Promise<Map<string, LeadSummary>> {
  const out = new Map<string, LeadSummary>();
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT id, form_id, email, fields, score, tier FROM leads WHERE id IN (${part.map(() => "?").join(",")})`,
      )
      .bind(...part)
      .all<{
        id: string;
        form_id: string;
        email: string | null;
        fields: string;
        score: number | null;
        tier: string | null;
      }>();
    for (const r of results) {
      const row = {
        id: r.id,
        formId: r.form_id,
        email: r.email,
        fields: JSON.parse(r.fields),
        score: r.score,
        tier: r.tier,
      };
      out.set(r.id, leadSummary(row as LeadRow, config));
    }
  }
  return out;
}

/** The minute cron's SLA job. */
export const slaSweep: CronJob = {
  name: "sla-sweep",
  run: ({ db, env, now }) => sweepSla(env, db, now),
};
