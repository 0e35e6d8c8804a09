/**
 * Admin reads over leads: the searchable list and everything the lead page shows. Raw SQL,
 * because the list joins each lead's current assignment and pages by (created_at, id).
 */

import { loadLeadArchive, loadTrace } from "../archive/archive-store";

/**
 * A text search reads at most this many of the newest leads matching the other filters per
 * page: a "contains" over JSON fields cannot use an index, so its cost is bounded here and the
 * client pages on through `nextCursor`.
 */
export const SEARCH_SCAN_LIMIT = 2000;

export type LeadListFilter = {
  status?: string;
  teamId?: string;
  repId?: string;
  q?: string;
  from?: number;
  to?: number;
  limit: number;
  cursor?: { createdAt: number; id: string };
};

export type LeadListRow = {
  id: string;
  createdAt: number;
  status: string;
  formId: string;
  email: string | null;
  fields: string;
  teamId: string | null;
  repId: string | null;
  ruleId: string | null;
};

/** The current assignment is the lead's highest attempt (reassignments add rows). */
const CURRENT_ASSIGNMENT = `LEFT JOIN assignments a ON a.lead_id = l.id
  AND a.attempt = (SELECT max(attempt) FROM assignments x WHERE x.lead_id = l.id)`;

function whereClause(f: LeadListFilter): { sql: string; binds: unknown[] } {
  const parts: string[] = [];
  const binds: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    if (value === undefined || value === "") return;
    parts.push(clause);
    binds.push(value);
  };
  add("l.status = ?", f.status);
  add("a.team_id = ?", f.teamId);
  add("a.rep_id = ?", f.repId);
  add("l.created_at >= ?", f.from);
  add("l.created_at < ?", f.to);
  if (f.cursor) {
    parts.push("(l.created_at < ? OR (l.created_at = ? AND l.id < ?))");
    binds.push(f.cursor.createdAt, f.cursor.createdAt, f.cursor.id);
  }
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", binds };
}

/** `%` and `_` in the query match themselves, not any text. */
function likeContains(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

// Columns of the scanned page (the subquery below), not of `leads` itself.
const SEARCHED = ["emailNormalized", "fields ->> '$.name'", "fields ->> '$.first_name'"]
  .concat(["fields ->> '$.last_name'", "fields ->> '$.company'"])
  .map((col) => `lower(coalesce(${col}, '')) LIKE ? ESCAPE '\\'`);

/**
 * Newest first, keyset-paged. Returns the page and where the next one starts (null at the
 * end). With `q`, at most {@link SEARCH_SCAN_LIMIT} leads are examined per call.
 */
export async function listLeadsPage(
  d1: D1Database,
  f: LeadListFilter,
): Promise<{ rows: LeadListRow[]; next: { createdAt: number; id: string } | null }> {
  const where = whereClause(f);
  const select = `SELECT l.id, l.created_at AS createdAt, l.status, l.form_id AS formId, l.email,
      l.email_normalized AS emailNormalized, l.fields,
      a.team_id AS teamId, a.rep_id AS repId, a.rule_id AS ruleId
    FROM leads l ${CURRENT_ASSIGNMENT}`;
  const order = "ORDER BY l.created_at DESC, l.id DESC";
  if (!f.q) {
    const { results } = await d1
      .prepare(`${select} ${where.sql} ${order} LIMIT ?`)
      .bind(...where.binds, f.limit + 1)
      .all<LeadListRow>();
    const rows = results.slice(0, f.limit);
    const last = rows[rows.length - 1];
    return { rows, next: results.length > f.limit && last ? last : null };
  }
  const pattern = likeContains(f.q);
  const [matched, window] = await d1.batch<LeadListRow>([
    d1
      .prepare(
        `SELECT * FROM (${select} ${where.sql} ${order} LIMIT ?)
         WHERE ${SEARCHED.join(" OR ")} ORDER BY createdAt DESC, id DESC LIMIT ?`,
      )
      .bind(...where.binds, SEARCH_SCAN_LIMIT, ...SEARCHED.map(() => pattern), f.limit + 1),
    // The last lead the scan examined: where the next search page must resume when the scan
    // window ran out before the page filled.
    d1
      .prepare(`${select} ${where.sql} ${order} LIMIT 1 OFFSET ?`)
      .bind(...where.binds, SEARCH_SCAN_LIMIT - 1),
  ]);
  const rows = matched!.results.slice(0, f.limit);
  const last = rows[rows.length - 1];
  if (matched!.results.length > f.limit && last) return { rows, next: last };
  const edge = window!.results[0];
  return { rows, next: edge ?? null };
}

export type LeadDetailRows = NonNullable<Awaited<ReturnType<typeof loadLeadDetail>>>;

/** The `leads` columns the lead page reads (snake_case: `SELECT *`). */
export type LeadRow = {
  id: string;
  created_at: number;
  updated_at: number;
  status: string;
  form_id: string;
  email: string | null;
  fields: string;
  context: string | null;
  score: number | null;
  tier: string | null;
  config_version: number | null;
  slots_shown_at: number | null;
  erased_at: number | null;
  last_routing_error: string | null;
  archived_at: number | null;
};

/** One routing decision, its trace decoded. */
export type DecisionRow = {
  at: number;
  outcome: string;
  ruleId: string | null;
  configVersion: number | null;
  destination: string | null;
  trace: unknown;
};

export type AssignmentRow = {
  id: string;
  repId: string;
  teamId: string | null;
  ruleId: string | null;
  assignedAt: number;
  acceptDeadline: number | null;
  acceptedAt: number | null;
  status: string;
  attempt: number;
  reason: string | null;
  assignedBy: string | null;
};

export type BookingRow = {
  id: string;
  repId: string;
  teamId: string | null;
  startAt: number;
  endAt: number;
  status: string;
  timezone: string | null;
  calendarProvider: string;
  calendarSyncStatus: string;
  createdAt: number;
  canceledAt: number | null;
};

/** A row of an event list that made this lead or was merged into it. */
export type EventListTouch = { at: number; outcome: string; listName: string; row: number };

export type OutcomeRow = {
  id: string;
  kind: string;
  repId: string | null;
  at: number;
  recordedAt: number;
  details: string | null;
};

/** Every row the lead page shows, in one D1 round trip; null when there is no such lead. */
export async function loadLeadDetail(d1: D1Database, archive: R2Bucket, leadId: string) {
  const q = (sql: string) => d1.prepare(sql).bind(leadId);
  const [lead, decisions, assignments, bookings, outcomes, audit, deliveries, eventRows] =
    await d1.batch<unknown>([
      q("SELECT * FROM leads WHERE id = ?"),
      q(`SELECT decided_at AS at, outcome, rule_id AS ruleId, config_version AS configVersion,
          destination, trace, trace_z, id, lead_id, archived_at
       FROM routing_decisions WHERE lead_id = ? ORDER BY decided_at`),
      q(`SELECT id, rep_id AS repId, team_id AS teamId, rule_id AS ruleId, assigned_at AS assignedAt,
          accept_deadline AS acceptDeadline, accepted_at AS acceptedAt, status, attempt, reason,
          assigned_by AS assignedBy
       FROM assignments WHERE lead_id = ? ORDER BY attempt`),
      q(`SELECT id, rep_id AS repId, team_id AS teamId, start_at AS startAt, end_at AS endAt, status,
          timezone, calendar_provider AS calendarProvider, calendar_sync_status AS calendarSyncStatus,
          created_at AS createdAt, canceled_at AS canceledAt
       FROM bookings WHERE lead_id = ? ORDER BY created_at`),
      q(`SELECT id, kind, rep_id AS repId, at, recorded_at AS recordedAt, details
       FROM outcomes WHERE lead_id = ? ORDER BY at`),
      d1
        .prepare(`SELECT at, action, details FROM audit_log WHERE target = ? ORDER BY at LIMIT 100`)
        .bind(`lead:${leadId}`),
      // Every attempt of every delivery about the lead, by its column (index notification_deliveries_lead).
      q(`SELECT message_id AS messageId, lead_id AS leadId, booking_id AS bookingId, channel,
          event_type AS eventType, target, status, attempt, response_status AS responseStatus, error,
          created_at AS createdAt
       FROM notification_deliveries WHERE lead_id = ? ORDER BY created_at, attempt`),
      // Event lists the person was on: the row that made the lead, and rows merged into it later.
      q(`SELECT r.updated_at AS at, r.outcome, l.name AS listName, r.row
       FROM event_list_rows r JOIN event_lists l ON l.id = r.list_id
       WHERE r.lead_id = ? AND r.outcome IN ('routed', 'merged', 'unrouted') ORDER BY r.updated_at LIMIT 100`),
    ]);
  const row = lead!.results[0] as LeadRow | undefined;
  if (!row) return null;
  // An archived lead's log is in its R2 object; rows written after the archive are still in D1.
  const archived = await loadLeadArchive(archive, {
    id: row.id,
    archivedAt: row.archived_at,
    erasedAt: row.erased_at,
  });
  type StoredDecision = Omit<DecisionRow, "trace"> & {
    trace: string | null;
    trace_z: ArrayBuffer | null;
    id: string;
    lead_id: string;
    archived_at: number | null;
  };
  return {
    // An archived lead's fields and context are whole in its object; D1 keeps a stub.
    lead: archived
      ? {
          ...row,
          fields: JSON.stringify(archived.fields),
          context: archived.context ? JSON.stringify(archived.context) : null,
        }
      : row,
    // Each trace decoded from wherever it is stored: D1 (either column) or the R2 archive.
    // An archived lead's decision rows are in its object, older than any written since.
    decisions: await Promise.all(
      [
        ...(archived?.decisions ?? []).map((d): StoredDecision => ({
          at: d.at,
          outcome: d.outcome,
          ruleId: d.ruleId,
          configVersion: d.configVersion,
          destination: d.destination,
          trace: d.trace,
          trace_z: null,
          id: d.id,
          lead_id: row.id,
          archived_at: d.archivedAt,
        })),
        ...(decisions!.results as StoredDecision[]),
      ].map(async ({ trace_z, id, lead_id, archived_at, ...d }): Promise<DecisionRow> => ({
        ...d,
        trace: await loadTrace(archive, {
          id,
          leadId: lead_id,
          trace: d.trace,
          traceZ: trace_z,
          archivedAt: archived_at,
        }),
      })),
    ),
    assignments: assignments!.results as AssignmentRow[],
    bookings: bookings!.results as BookingRow[],
    outcomes: outcomes!.results as OutcomeRow[],
    audit: audit!.results as { at: number; action: string; details: string | null }[],
    deliveries: [...(archived?.deliveries ?? []), ...(deliveries!.results as LeadAttemptRow[])],
    eventRows: eventRows!.results as EventListTouch[],
  };
}

/** One attempt row of a delivery about a lead. */
export type LeadAttemptRow = {
  messageId: string;
  leadId: string | null;
  bookingId: string | null;
  channel: string;
  eventType: string;
  target: string | null;
  status: string;
  attempt: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: number;
};
