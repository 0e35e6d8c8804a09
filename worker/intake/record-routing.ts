/**
 * Writes a routing outcome to D1: the decision with its trace, the assignment, the lead's new
 * status and the `lead.routed` announcement, in one batch. The batch is guarded by the lead's
 * status, so that it lands at most once per routing: the submission records after its answer
 * (ctx.waitUntil), and when that hand-off is lost the repair cron (a `received` lead) or the
 * visitor's next call (worker/intake/finish-routing.ts) routes the lead again, and the team
 * object, idempotent per lead id, answers with the rep it already chose. Whoever comes second
 * finds the lead no longer `received` or `unrouted` and writes nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { database } from "../db/client";
import { sessionAsBinding } from "../db/d1-session";
import { leads } from "../db/schema";
import type { Assignment } from "../booking/context";
import { encodeTrace } from "../leads/trace-codec";
import { insertAssignment, insertDecision, type LeadRow } from "../leads/lead-queries";
import type { LeadRoutedEffect } from "../notify/lead-routed";
import { handOff } from "../outbox/dispatch";
import { outboxEntryIfChanged } from "../outbox/outbox";

/** Statuses a lead has while its routing is not recorded yet. */
const OPEN = ["received", "unrouted"] as const;

type Query = { toSQL(): { sql: string; params: unknown[] } };

/** A session for the batch (its bookmark goes to the visitor); a binding that is one already is used as is. */
export function writeSession(db: D1Database): D1DatabaseSession {
  return "withSession" in db ? db.withSession("first-primary") : (db as unknown as D1DatabaseSession);
}

/**
 * drizzle's `insert … values (…)` as `insert … select … where changes() = 1`: written only
 * when the statement before it in the batch changed a row (here, the guarded status update).
 */
function ifChanged(session: D1DatabaseSession, query: Query): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  const guarded = sql.replace(/\) values \((.*)\)$/s, ") select $1 where changes() = 1");
  if (guarded === sql) throw new Error(`not a single-row insert: ${sql.slice(0, 60)}`);
  return session.prepare(guarded).bind(...params);
}

function plain(session: D1DatabaseSession, query: Query): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return session.prepare(sql).bind(...params);
}

export type RoutingRecord = {
  lead: LeadRow;
  now: number;
  configVersion: number;
  assignment: Assignment;
  decision: {
    ruleId: string | null;
    destination: Record<string, unknown>;
    score: number;
    tier: string | null;
  };
  /** The decision's trace, deflated here: the encoding is CPU the answer need not wait for. */
  trace: unknown;
  /** The assignment's team object chose the rep (and counted it); false: a direct destination. */
  teamCounted?: boolean;
};

/**
 * Records a routed lead; returns D1's bookmark after the write and whether this call wrote it
 * (false: another routing of the same lead recorded first). The announcement is handed off
 * through `ctx` (or run inline without one).
 */
export async function recordRouted(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void } | undefined,
  r: RoutingRecord,
): Promise<{ recorded: boolean; bookmark?: string }> {
  const session = writeSession(env.DB);
  const db = database(sessionAsBinding(session));
  const { lead, now, assignment } = r;
  const status = db
    .update(leads)
    .set({
      status: "routed",
      score: r.decision.score,
      tier: r.decision.tier,
      configVersion: r.configVersion,
      routingAttempts: lead.routingAttempts + 1,
      lastRoutingError: null,
      updatedAt: now,
    })
    .where(and(eq(leads.id, lead.id), inArray(leads.status, [...OPEN])));
  const decision = insertDecision(db, {
    id: crypto.randomUUID(),
    leadId: lead.id,
    decidedAt: now,
    configVersion: r.configVersion,
    ruleId: r.decision.ruleId,
    destination: r.decision.destination,
    outcome: "assigned",
    // Stored deflated: the trace is most of what a lead costs in D1 (docs/capacity.md).
    traceZ: Buffer.from(await encodeTrace(r.trace)),
  });
  const announce = outboxEntryIfChanged(
    sessionAsBinding(session),
    {
      kind: "lead.routed",
      leadId: lead.id,
      payload: {
        leadId: lead.id,
        assignment: {
          id: assignment.id,
          repId: assignment.repId,
          teamId: assignment.teamId,
          ruleId: r.decision.ruleId,
        },
        score: r.decision.score,
        tier: r.decision.tier,
        teamCounted: r.teamCounted ?? false,
      } satisfies LeadRoutedEffect,
    },
    now,
  );
  const [first] = await session.batch([
    plain(session, status),
    ifChanged(session, decision),
    ifChanged(session, insertAssignment(db, assignment)),
    announce.statement,
  ]);
  const recorded = (first?.meta.changes ?? 0) === 1;
  if (recorded) await handOff(env, ctx, [announce.id], now);
  return { recorded, bookmark: session.getBookmark() ?? undefined };
}

/** Marks a lead whose routing failed `unrouted` with the error, for the repair cron; same guard. */
export function recordUnrouted(db: ReturnType<typeof database>, lead: LeadRow, now: number, error: string) {
  return db
    .update(leads)
    .set({
      status: "unrouted",
      routingAttempts: lead.routingAttempts + 1,
      lastRoutingError: error.slice(0, 500),
      updatedAt: now,
    })
    .where(and(eq(leads.id, lead.id), inArray(leads.status, [...OPEN])));
}
