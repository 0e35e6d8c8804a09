/**
 * Erasure of a person's data from D1. Rows are kept with anonymised placeholders, so counts,
 * funnels and distribution stay true after an erasure; only what identifies the person goes.
 * Where each piece of PII lives (grep of worker/db/schema/):
 *   leads.email, email_normalized, fields, context, idempotency_key, payload_hash (a hash of
 *   the fields), last_routing_error, facts_z (an archived lead's facts); routing_decisions.trace,
 *   trace_z and facts_z (every fact: email, domain, name);
 *   bookings.timezone (the attendee's zone); outcomes.details (free text); webhook_messages.body;
 *   email_outbox (to, subject, text, html, ics); notification_deliveries.target (the redacted
 *   invite address) and error; audit_log.details (free text, e.g. a config note);
 *   event_list_rows.email_normalized and fields (an uploaded badge scan).
 * Rep and account data (calendar_connections, accounts, config) are not a lead's data.
 */
export const ERASED = "[erased]";
// Leads per D1 batch; each statement binds at most 100 parameters (D1's limit).
const CHUNK = 20;

export type ErasedCounts = {
  leads: number;
  decisions: number;
  bookings: number;
  outcomes: number;
  deliveries: number;
  webhookMessages: number;
  emails: number;
  auditEntries: number;
};

export type LeadToErase = { id: string; email: string | null };

const marks = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** Leads of this person: the normalised email (indexed), or the address anywhere in the form. */
export async function leadsWithEmail(d1: D1Database, email: string): Promise<LeadToErase[]> {
  const needle = email.trim().toLowerCase();
  const { results } = await d1
    .prepare(
      `SELECT id, email_normalized AS email FROM leads
       WHERE email_normalized = ?1 OR instr(lower(fields), ?1) > 0 OR instr(lower(coalesce(context, '')), ?1) > 0`,
    )
    .bind(needle)
    .all<LeadToErase>();
  return results;
}

/** The oldest leads created before `before` that still hold personal data (retention). */
export async function leadsDueForRetention(d1: D1Database, before: number, limit: number) {
  const { results } = await d1
    .prepare(
      `SELECT id, email_normalized AS email FROM leads WHERE erased_at IS NULL AND created_at < ?
       ORDER BY created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<LeadToErase>();
  return results;
}

/** Teams that may hold these leads' emails for dedupe: the ones they were assigned in. */
export async function teamsOfLeads(d1: D1Database, leadIds: readonly string[]): Promise<string[]> {
  const teams = new Set<string>();
  for (let i = 0; i < leadIds.length; i += 90) {
    const part = leadIds.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT DISTINCT team_id AS teamId FROM assignments WHERE team_id IS NOT NULL AND lead_id IN (${marks(part.length)})`,
      )
      .bind(...part)
      .all<{ teamId: string }>();
    for (const r of results) teams.add(r.teamId);
  }
  return [...teams];
}

type Counted = keyof ErasedCounts;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows about the leads outside `leads` itself, found by their lead_id columns. */
function messageStatements(
  d1: D1Database,
  ids: string[],
  emails: string[],
): [Counted, D1PreparedStatement][] {
  const inIds = `(${marks(ids.length)})`;
  return [
    [
      "deliveries",
      d1
        .prepare(
          `UPDATE notification_deliveries SET
             target = CASE WHEN instr(target, '@') > 0 THEN '${ERASED}' ELSE target END,
             error = CASE WHEN instr(error, '@') > 0 THEN '${ERASED}' ELSE error END
           WHERE lead_id IN ${inIds}`,
        )
        .bind(...ids),
    ],
    [
      "emails",
      d1
        .prepare(
          `UPDATE email_outbox SET subject = '${ERASED}', text = '${ERASED}', html = NULL, ics = NULL,
             "to" = CASE WHEN lower("to") IN (${marks(Math.max(emails.length, 1))}) THEN '${ERASED}' ELSE "to" END
           WHERE lead_id IN ${inIds}`,
        )
        .bind(...(emails.length ? emails : [ERASED]), ...ids),
    ],
    // Bodies are rebuilt as {type, timestamp, data: {leadId, erased}}: ids stay, anything else goes.
    // A body past its redelivery window is empty already (capacity/compact.ts), and not JSON.
    [
      "webhookMessages",
      d1
        .prepare(
          `UPDATE webhook_messages SET body = json_object('type', event_type, 'timestamp', body ->> '$.timestamp',
             'data', json_object('leadId', lead_id, 'erased', json('true')))
           WHERE lead_id IN ${inIds} AND body != ''`,
        )
        .bind(...ids),
    ],
  ];
}

function leadStatements(d1: D1Database, ids: string[], now: number): [Counted, D1PreparedStatement][] {
  const inIds = `(${marks(ids.length)})`;
  return [
    [
      "leads",
      d1
        .prepare(
          `UPDATE leads SET email = NULL, email_normalized = NULL, context = NULL, idempotency_key = NULL, facts_z = NULL,
             payload_hash = NULL, last_routing_error = NULL, erased_at = coalesce(erased_at, ?), updated_at = ?,
             fields = coalesce((SELECT json_group_object(key, '${ERASED}') FROM json_each(leads.fields)), '{}')
           WHERE id IN ${inIds}`,
        )
        .bind(now, now, ...ids),
    ],
    [
      "decisions",
      d1
        .prepare(
          `UPDATE routing_decisions SET trace = json_object('erased', json('true')), trace_z = NULL, facts_z = NULL
             WHERE lead_id IN ${inIds}`,
        )
        .bind(...ids),
    ],
    ["bookings", d1.prepare(`UPDATE bookings SET timezone = NULL WHERE lead_id IN ${inIds}`).bind(...ids)],
    ["outcomes", d1.prepare(`UPDATE outcomes SET details = NULL WHERE lead_id IN ${inIds}`).bind(...ids)],
  ];
}

/** Event-list rows made into or merged with these leads (worker/event-lists): their cells go. */
function eventRowsOf(d1: D1Database, ids: string[]): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE event_list_rows SET email_normalized = NULL, fields = json_object('erased', json('true'))
       WHERE lead_id IN (${marks(ids.length)})`,
    )
    .bind(...ids);
}

/**
 * Erases these leads everywhere in D1, a chunk of leads per D1 batch (a batch lands whole or
 * not at all, and redoing one is harmless). Returns the rows changed per table.
 */
export async function eraseLeads(
  d1: D1Database,
  leads: readonly LeadToErase[],
  now: number,
): Promise<ErasedCounts> {
  const counts: ErasedCounts = {
    leads: 0,
    decisions: 0,
    bookings: 0,
    outcomes: 0,
    deliveries: 0,
    webhookMessages: 0,
    emails: 0,
    auditEntries: 0,
  };
  for (const part of chunks(leads, CHUNK)) {
    const ids = part.map((l) => l.id);
    const emails = [...new Set(part.map((l) => l.email?.toLowerCase()).filter((e): e is string => !!e))];
    const labelled = [...leadStatements(d1, ids, now), ...messageStatements(d1, ids, emails)];
    const results = await d1.batch([...labelled.map(([, st]) => st), eventRowsOf(d1, ids)]);
    labelled.forEach(([label], i) => (counts[label] += results[i]!.meta.changes ?? 0));
  }
  return counts;
}

/**
 * Free-text columns that may quote an address anywhere (audit details, a webhook or outbox
 * row not linked to a lead). Full scans: run for an explicit erasure request only.
 */
export async function scrubMentions(
  d1: D1Database,
  email: string,
): Promise<{ auditEntries: number; emails: number; webhookMessages: number }> {
  const needle = email.trim().toLowerCase();
  const [audit, outbox, hooks] = await d1.batch([
    d1
      .prepare(
        `UPDATE audit_log SET details = json_object('erased', json('true')),
           target = CASE WHEN instr(lower(coalesce(target, '')), ?1) > 0 THEN '${ERASED}' ELSE target END
         WHERE instr(lower(coalesce(details, '')), ?1) > 0 OR instr(lower(coalesce(target, '')), ?1) > 0`,
      )
      .bind(needle),
    d1
      .prepare(
        `UPDATE email_outbox SET "to" = '${ERASED}', subject = '${ERASED}', text = '${ERASED}', html = NULL, ics = NULL
         WHERE instr(lower("to" || ' ' || subject || ' ' || text || ' ' || coalesce(html, '') || ' ' || coalesce(ics, '')), ?1) > 0`,
      )
      .bind(needle),
    d1
      .prepare(
        `UPDATE webhook_messages SET body = json_object('type', event_type, 'timestamp', body ->> '$.timestamp',
           'data', json_object('erased', json('true')))
         WHERE instr(lower(body), ?1) > 0`,
      )
      .bind(needle),
    // Refused event-list rows made no lead, so only their cells can still hold the address.
    d1
      .prepare(
        `UPDATE event_list_rows SET email_normalized = NULL, fields = json_object('erased', json('true'))
         WHERE email_normalized = ?1 OR instr(lower(fields), ?1) > 0`,
      )
      .bind(needle),
  ]);
  return {
    auditEntries: audit!.meta.changes ?? 0,
    emails: outbox!.meta.changes ?? 0,
    webhookMessages: hooks!.meta.changes ?? 0,
  };
}
