import type { CandidateExplanation, RepCounters, TeamState } from "../core/distribution";

/** One lead the team has handled, as stored. */
export type LeadRow = {
  leadId: string;
  repId: string;
  email: string | null;
  /** assigned: counted against the rep; deduped: sent to an earlier lead's rep, counted nowhere. */
  status: "assigned" | "deduped" | "released";
  dedupedFrom: string | null;
  seq: number;
  prevSeq: number;
  windowStart: number;
  dayStart: number;
  weekStart: number;
  assignedAt: number;
  reassignments: number;
  explanation: CandidateExplanation[];
};

type Row = Record<string, SqlStorageValue>;

// Forward-only and idempotent: an object wakes up at whatever version it was last written.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS rep_counters (
    rep_id TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL, window_count INTEGER NOT NULL, calibration REAL NOT NULL,
    day_start INTEGER NOT NULL, day_count INTEGER NOT NULL,
    week_start INTEGER NOT NULL, week_count INTEGER NOT NULL,
    open INTEGER NOT NULL, last_seq INTEGER NOT NULL, last_assigned_at INTEGER, away INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS leads (
    lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL,
    deduped_from TEXT, seq INTEGER NOT NULL, prev_seq INTEGER NOT NULL,
    window_start INTEGER NOT NULL, day_start INTEGER NOT NULL, week_start INTEGER NOT NULL,
    assigned_at INTEGER NOT NULL, reassignments INTEGER NOT NULL DEFAULT 0, explanation TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS leads_by_email ON leads (email, assigned_at);
  CREATE INDEX IF NOT EXISTS leads_by_age ON leads (status, assigned_at);
`;

const DAY_MS = 86_400_000;

/**
 * Which rows of `leads` the object still needs, and so which it deletes (see `pruneLeads`).
 * A row serves three purposes, each bounded in time from the lead's `assigned_at`:
 *
 * - dedupe: a row with an email answers "same email inside `dedupeWindowDays`";
 * - replay, release, reassignment: every caller that can act on a lead does so within
 *   `OPEN_KEEP_MS` of its assignment: the booking token lives 90 days from the lead's
 *   creation (worker/intake/responses.ts), a meeting is at most 90 days ahead (the longest
 *   `horizonDays`), and its manage link (cancel, reschedule) 30 days past it
 *   (worker/booking/tokens.ts); repair retries end after about a week, the SLA sweep acts on
 *   deadlines inside that span. A released row answers only replays from a re-booking, which
 *   the booking token bounds, so it needs `RELEASED_KEEP_MS`;
 * - the predictive model: nothing; it keeps its own `model_leads` table (model-store.ts),
 *   which the same alarm prunes under its own rule.
 *
 * So a row goes once it is past both its status's span and, if it has an email, the dedupe
 * window. The window is the team's current one: lengthening it later cannot bring back rows
 * already gone. A call that does come later degrades, it does not fail: assign counts the lead
 * anew, reassign and release answer `unknown_lead`.
 */
export const OPEN_KEEP_MS = 210 * DAY_MS;
export const RELEASED_KEEP_MS = 90 * DAY_MS;
const KEEP_MS: Record<LeadRow["status"], number> = {
  assigned: OPEN_KEEP_MS,
  deduped: OPEN_KEEP_MS,
  released: RELEASED_KEEP_MS,
};

/** The team object's SQLite tables. Every method is synchronous, so a caller holding the
 * input gate sees no interleaving between its reads and writes. */
export class TeamStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
    // The predictive churn rule's band base came later: older objects get the columns added.
    const columns = this.sql.exec<{ name: string }>("PRAGMA table_info(rep_counters)").toArray();
    if (!columns.some((c) => c.name === "band_base")) {
      this.sql.exec("ALTER TABLE rep_counters ADD COLUMN band_start INTEGER");
      this.sql.exec("ALTER TABLE rep_counters ADD COLUMN band_base INTEGER");
    }
  }

  getMeta(key: string): string | null {
    return (
      this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ??
      null
    );
  }

  setMeta(key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  loadState(): TeamState {
    const reps: Record<string, RepCounters> = {};
    for (const r of this.sql.exec<Row>("SELECT * FROM rep_counters")) reps[String(r.rep_id)] = toCounters(r);
    return { seq: Number(this.getMeta("seq") ?? 0), reps };
  }

  /** Writes the reps whose counters changed between `before` and `after`, and the sequence. */
  saveState(before: TeamState, after: TeamState): void {
    for (const [id, c] of Object.entries(after.reps)) {
      if (before.reps[id] === c) continue;
      this.sql.exec(
        `INSERT OR REPLACE INTO rep_counters (rep_id, window_start, window_count, calibration,
           day_start, day_count, week_start, week_count, open, last_seq, last_assigned_at, away,
           band_start, band_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        c.windowStart,
        c.windowCount,
        c.calibration,
        c.dayStart,
        c.dayCount,
        c.weekStart,
        c.weekCount,
        c.open,
        c.lastSeq,
        c.lastAssignedAt,
        c.away ? 1 : 0,
        c.bandStart ?? null,
        c.bandBase ?? null,
      );
    }
    if (after.seq !== before.seq) this.setMeta("seq", String(after.seq));
  }

  /** Whether the object has a row for the lead (any status); reads the key only. */
  hasLead(leadId: string): boolean {
    return this.sql.exec("SELECT 1 FROM leads WHERE lead_id = ?", leadId).toArray().length > 0;
  }

  getLead(leadId: string): LeadRow | null {
    const row = this.sql.exec<Row>("SELECT * FROM leads WHERE lead_id = ?", leadId).toArray()[0];
    return row ? toLead(row) : null;
  }

  /** Clears the stored email of these leads (privacy erasure); counters are untouched. */
  forgetEmails(leadIds: readonly string[]): number {
    let written = 0;
    for (let i = 0; i < leadIds.length; i += 90) {
      const part = leadIds.slice(i, i + 90);
      const marks = part.map(() => "?").join(",");
      // RETURNING counts rows; `rowsWritten` would count the email index's entries too.
      written += this.sql
        .exec(
          `UPDATE leads SET email = NULL WHERE email IS NOT NULL AND lead_id IN (${marks}) RETURNING lead_id`,
          ...part,
        )
        .toArray().length;
    }
    return written;
  }

  /** The latest lead with this email assigned at or after `since`. */
  latestByEmail(email: string, since: number): LeadRow | null {
    const row = this.sql
      .exec<Row>(
        "SELECT * FROM leads WHERE email = ? AND assigned_at >= ? ORDER BY assigned_at DESC LIMIT 1",
        email,
        since,
      )
      .toArray()[0];
    return row ? toLead(row) : null;
  }

  putLead(l: LeadRow): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO leads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      l.leadId,
      l.repId,
      l.email,
      l.status,
      l.dedupedFrom,
      l.seq,
      l.prevSeq,
      l.windowStart,
      l.dayStart,
      l.weekStart,
      l.assignedAt,
      l.reassignments,
      JSON.stringify(l.explanation),
    );
  }

  /**
   * Deletes up to `limit` rows no purpose needs any more at `now` (see `OPEN_KEEP_MS`),
   * oldest first, through the (status, assigned_at) index; returns how many went.
   */
  pruneLeads(now: number, dedupeWindowDays: number, limit: number): number {
    const dedupeCutoff = now - dedupeWindowDays * DAY_MS;
    let deleted = 0;
    for (const [status, keep] of Object.entries(KEEP_MS)) {
      if (deleted >= limit) break;
      deleted += this.sql
        .exec(
          `DELETE FROM leads WHERE lead_id IN (
             SELECT lead_id FROM leads WHERE status = ? AND assigned_at < ?
               AND (email IS NULL OR assigned_at < ?)
             ORDER BY assigned_at LIMIT ?)
           RETURNING lead_id`,
          status,
          now - keep,
          dedupeCutoff,
          limit - deleted,
        )
        .toArray().length;
    }
    return deleted;
  }

  /**
   * The earliest time a remaining row can become prunable (a lower bound: the oldest row of
   * each status, ignoring the dedupe window), or null when there are no rows.
   */
  nextPruneAt(): number | null {
    let next: number | null = null;
    for (const [status, keep] of Object.entries(KEEP_MS)) {
      const oldest = this.sql
        .exec<{ at: number | null }>("SELECT MIN(assigned_at) AS at FROM leads WHERE status = ?", status)
        .one().at;
      if (oldest !== null) next = Math.min(next ?? Infinity, oldest + keep);
    }
    return next;
  }

  countLeads(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM leads").one().n;
  }
}

function toCounters(r: Row): RepCounters {
  return {
    windowStart: Number(r.window_start),
    windowCount: Number(r.window_count),
    calibration: Number(r.calibration),
    dayStart: Number(r.day_start),
    dayCount: Number(r.day_count),
    weekStart: Number(r.week_start),
    weekCount: Number(r.week_count),
    open: Number(r.open),
    lastSeq: Number(r.last_seq),
    lastAssignedAt: r.last_assigned_at === null ? null : Number(r.last_assigned_at),
    away: r.away === 1,
    ...(r.band_base ? { bandStart: Number(r.band_start), bandBase: Number(r.band_base) } : {}),
  };
}

function toLead(r: Row): LeadRow {
  return {
    leadId: String(r.lead_id),
    repId: String(r.rep_id),
    email: r.email === null ? null : String(r.email),
    status: String(r.status) as LeadRow["status"],
    dedupedFrom: r.deduped_from === null ? null : String(r.deduped_from),
    seq: Number(r.seq),
    prevSeq: Number(r.prev_seq),
    windowStart: Number(r.window_start),
    dayStart: Number(r.day_start),
    weekStart: Number(r.week_start),
    assignedAt: Number(r.assigned_at),
    reassignments: Number(r.reassignments),
    explanation: JSON.parse(String(r.explanation)) as CandidateExplanation[],
  };
}
