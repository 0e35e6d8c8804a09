/**
 * The archive of whole leads (docs/capacity.md): a lead older than ARCHIVE_AFTER_DAYS moves its
 * delivery log (`notification_deliveries`), its webhook messages and its fields and context to
 * one R2 object (`leads/<id>`), and D1 keeps a stub: the `leads` row's columns that routing,
 * dedupe, SLA, analytics and erasure read, and the lead's assignments, bookings and outcomes.
 * The lead page and the delivery log read the object back.
 *
 * `leads.archived_at` is the marker, so that nothing is lost and nothing escapes erasure:
 * 1. claim: `archived_at = -now`, only on rows nobody holds (null, or a claim older than
 *    CLAIM_GUARD_MS whose run has ended); from here on D1 knows R2 may hold the key;
 * 2. put the object; a failed put leaves the claim, which a later run takes over;
 * 3. one D1 batch (one transaction), each statement conditional on the claim still being this
 *    run's and the lead not erased: delete the moved rows, then `archived_at = now`;
 * 4. a lead erased meanwhile: its object is deleted and the claim dropped, so the next run
 *    takes it as an erased lead: those move nothing to R2, their log rows are only deleted.
 * The purge deletes the key of every lead with `archived_at < erased_at` (claimed or archived,
 * then erased) that erasure could not, an hour after the erasure.
 */
import { deleteArchivedKeys, leadKey, putLeadArchive, type ArchivedAttempt } from "./archive-store";
import type { ArchivedDecision, ArchivedWebhookMessage, LeadArchive } from "./archive-store";
import { encodeFacts, readTrace } from "../leads/trace-codec";
import { chunked, placeholders } from "../db/in-chunks";

/** A claim older than this belongs to a run that has ended (longer than any cron invocation). */
export const CLAIM_GUARD_MS = 60 * 60_000;

type Candidate = {
  id: string;
  erasedAt: number | null;
  emailNormalized: string | null;
  fields: string;
  context: string | null;
};

/**
 * The oldest leads created before `before` that the archive has not finished (partial index),
 * once their traces are in R2 (the trace step runs first in each run; a lead whose trace is
 * still in D1 waits for the next run).
 */
export async function leadsToArchive(d1: D1Database, before: number, limit: number): Promise<Candidate[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, erased_at AS erasedAt, email_normalized AS emailNormalized, fields, context FROM leads
        WHERE coalesce(archived_at, -1) < 0 AND created_at < ?1
          AND NOT EXISTS (SELECT 1 FROM routing_decisions d WHERE d.lead_id = leads.id AND d.trace_z IS NOT NULL)
        ORDER BY created_at LIMIT ?2`,
    )
    .bind(before, limit)
    .all<Candidate>();
  return results;
}

/** Claims these leads for this run (`archived_at = -now`); returns the ids it claimed. */
async function claim(d1: D1Database, ids: readonly string[], now: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { results } = await d1
    .prepare(
      `UPDATE leads SET archived_at = -?1
        WHERE id IN (${placeholders(ids.length, 3)}) AND (archived_at IS NULL OR (archived_at < 0 AND archived_at > -?2))
        RETURNING id`,
    )
    .bind(now, now - CLAIM_GUARD_MS, ...ids)
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

type DecisionRow = ArchivedDecision & { leadId: string; factsZ: ArrayBuffer | null };

/** The stub's facts: the newest decision's, from its facts_z or (a row older than the codec) its JSON trace. */
async function stubFacts(decisions: readonly DecisionRow[]): Promise<Uint8Array | null> {
  const newest = decisions.at(-1);
  if (!newest) return null;
  if (newest.factsZ) return new Uint8Array(newest.factsZ);
  const trace = (await readTrace({ trace: newest.trace })) as { routing?: { facts?: unknown } } | null;
  const facts = trace?.routing?.facts;
  return facts && typeof facts === "object" && !Array.isArray(facts)
    ? encodeFacts(facts as Record<string, unknown>)
    : null;
}

function byLead<T extends { leadId: string | null }>(rows: T[]) {
  const by = new Map<string, T[]>();
  for (const r of rows) by.set(r.leadId!, [...(by.get(r.leadId!) ?? []), r]);
  return by;
}

/** Every delivery attempt and webhook message of these leads (their lead_id indexes). */
async function logOf(d1: D1Database, ids: readonly string[]) {
  const [deliveries, messages, decisions] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        `SELECT id, message_id AS messageId, lead_id AS leadId, booking_id AS bookingId, channel,
            event_type AS eventType, target, status, attempt, response_status AS responseStatus, error,
            created_at AS createdAt
         FROM notification_deliveries WHERE lead_id IN (${placeholders(ids.length)}) ORDER BY created_at, attempt`,
      )
      .bind(...ids),
    d1
      .prepare(
        `SELECT id, subscription_id AS subscriptionId, event_type AS eventType, lead_id AS leadId,
            booking_id AS bookingId, created_at AS createdAt
         FROM webhook_messages WHERE lead_id IN (${placeholders(ids.length)}) ORDER BY created_at`,
      )
      .bind(...ids),
    d1
      .prepare(
        `SELECT id, lead_id AS leadId, decided_at AS at, outcome, rule_id AS ruleId,
            config_version AS configVersion, destination, trace, archived_at AS archivedAt, facts_z AS factsZ
         FROM routing_decisions WHERE lead_id IN (${placeholders(ids.length)}) AND trace_z IS NULL ORDER BY decided_at`,
      )
      .bind(...ids),
  ]);
  return {
    deliveries: byLead(deliveries!.results as unknown as ArchivedAttempt[]),
    messages: byLead(messages!.results as unknown as ArchivedWebhookMessage[]),
    decisions: byLead(decisions!.results as unknown as DecisionRow[]),
  };
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Form fields the stub keeps: the name and company the lead list, its search and the rep workspace show. */
const SHOWN_FIELDS = new Set(["name", "first_name", "last_name", "company"]);

/**
 * What an archived lead keeps of its fields in D1: the shown ones, and any that quote an address
 * other than the lead's own (erasure finds a person's leads by `email_normalized` or by the
 * address anywhere in `fields`, and must still find these). The rest is in the R2 object.
 */
export function slimFields(
  fields: Record<string, unknown>,
  emailNormalized: string | null,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => {
      if (SHOWN_FIELDS.has(key)) return true;
      const text = JSON.stringify(value) ?? "";
      if (!text.includes("@")) return false;
      return !(typeof value === "string" && value.trim().toLowerCase() === emailNormalized);
    }),
  );
}

/**
 * What an archived lead keeps of its context: all of it when it quotes an address (erasure's
 * search, as above), else only the event list that made it (a rerun of that list knows its own).
 */
export function slimContext(context: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!context) return null;
  if ((JSON.stringify(context) ?? "").includes("@")) return context;
  return context.eventList === undefined ? null : { eventList: context.eventList };
}

type Move = {
  id: string;
  mark: number;
  deliveryIds: string[];
  messageIds: string[];
  /** Decision rows moved with the lead (none for an erased lead: erasure's purge reads them). */
  decisionIds: string[];
  /** The stub's fields, context (JSON) and facts, or undefined to leave them (an erased lead). */
  fields?: string;
  context?: string | null;
  factsZ?: Uint8Array | null;
};

/**
 * The D1 side of a finished move, in one batch: the moved rows deleted and the marker set, each
 * statement only while the lead is still claimed by this run and (for a lead with an object)
 * not erased. Returns the leads it finished.
 */
async function finish(d1: D1Database, moves: readonly Move[], now: number, erased: boolean) {
  const held = (leadParam: string, markParam: string) =>
    `EXISTS (SELECT 1 FROM leads WHERE id = ${leadParam} AND archived_at = -${markParam}${erased ? "" : " AND erased_at IS NULL"})`;
  const statements: D1PreparedStatement[] = [];
  const last: number[] = [];
  for (const m of moves) {
    // Each delete holds only while the lead is still claimed by this run (its archive mark).
    const deleteIn = (table: string, ids: readonly string[], also = "") => {
      for (const part of chunked(ids)) {
        const sql = `DELETE FROM ${table} WHERE id IN (${placeholders(part.length, 3)})${also} AND ${held("?1", "?2")}`;
        statements.push(d1.prepare(sql).bind(m.id, m.mark, ...part));
      }
    };
    deleteIn("notification_deliveries", m.deliveryIds);
    deleteIn("routing_decisions", m.decisionIds, " AND trace_z IS NULL");
    deleteIn("webhook_messages", m.messageIds);
    last.push(statements.length);
    statements.push(
      m.fields === undefined
        ? d1
            .prepare(
              `UPDATE leads SET archived_at = ?3 WHERE id = ?1 AND archived_at = -?2${erased ? "" : " AND erased_at IS NULL"}`,
            )
            .bind(m.id, m.mark, now)
        : d1
            .prepare(
              `UPDATE leads SET archived_at = ?3, fields = ?4, context = ?5, facts_z = ?6
                WHERE id = ?1 AND archived_at = -?2${erased ? "" : " AND erased_at IS NULL"}`,
            )
            .bind(m.id, m.mark, now, m.fields, m.context ?? null, m.factsZ ?? null),
    );
  }
  if (statements.length === 0) return new Set<string>();
  const results = await d1.batch(statements);
  return new Set(moves.filter((_, i) => (results[last[i]!]?.meta.changes ?? 0) > 0).map((m) => m.id));
}

/** Drops this run's claims (after their objects were deleted): the next run takes the leads again. */
async function release(d1: D1Database, ids: readonly string[], mark: number) {
  if (ids.length === 0) return;
  await d1
    .prepare(
      `UPDATE leads SET archived_at = NULL WHERE id IN (${placeholders(ids.length, 2)}) AND archived_at = -?1`,
    )
    .bind(mark, ...ids)
    .run();
}

/** One bounded move of the oldest leads created before `before`. */
export async function moveLeads(env: Env, before: number, now: number, limit: number) {
  const rows = await leadsToArchive(env.DB, before, limit);
  const claimed = await claim(
    env.DB,
    rows.map((r) => r.id),
    now,
  );
  const mine = rows.filter((r) => claimed.has(r.id));
  if (mine.length === 0) return { due: rows.length, archived: 0, failed: 0 };
  const log = await logOf(
    env.DB,
    mine.map((r) => r.id),
  );
  const moveOf = (r: Candidate): Move => ({
    id: r.id,
    mark: now,
    deliveryIds: (log.deliveries.get(r.id) ?? []).map((d) => d.id),
    messageIds: (log.messages.get(r.id) ?? []).map((m) => m.id),
    decisionIds: [],
  });
  // A lead with an object keeps a stub of its fields and context; the object holds them whole.
  const stubbed = async (r: Candidate): Promise<Move> => {
    const context = slimContext(parseObject(r.context));
    const decisions = log.decisions.get(r.id) ?? [];
    return {
      ...moveOf(r),
      decisionIds: decisions.map((d) => d.id),
      factsZ: await stubFacts(decisions),
      fields: JSON.stringify(slimFields(parseObject(r.fields) ?? {}, r.emailNormalized)),
      context: context ? JSON.stringify(context) : null,
    };
  };
  // An erased lead keeps nothing personal worth an object: its log rows are only deleted.
  const erased = mine.filter((r) => r.erasedAt != null);
  const live = mine.filter((r) => r.erasedAt == null);
  const settled = await Promise.allSettled(
    live.map(async (r) => {
      const archive: LeadArchive = {
        v: 1,
        fields: parseObject(r.fields) ?? {},
        context: parseObject(r.context),
        deliveries: log.deliveries.get(r.id) ?? [],
        webhookMessages: log.messages.get(r.id) ?? [],
        decisions: (log.decisions.get(r.id) ?? []).map(
          ({ id, at, outcome, ruleId, configVersion, destination, trace, archivedAt }) => ({
            id,
            at,
            outcome,
            ruleId,
            configVersion,
            destination,
            trace,
            archivedAt,
          }),
        ),
      };
      await putLeadArchive(env.ARCHIVE, r.id, archive);
      return r;
    }),
  );
  const put = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
  if (failed.length)
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "lead archive put failed",
        count: failed.length,
        error: failed[0],
      }),
    );
  const done = new Set([
    ...(await finish(env.DB, await Promise.all(put.map(stubbed)), now, false)),
    ...(await finish(env.DB, erased.map(moveOf), now, true)),
  ]);
  // Put, but erased before the batch: its object goes, and the next run takes it as erased.
  const orphans = put.filter((r) => !done.has(r.id)).map((r) => r.id);
  await deleteArchivedKeys(env.ARCHIVE, orphans.map(leadKey));
  await release(env.DB, orphans, now);
  return { due: rows.length, archived: done.size, failed: failed.length };
}
