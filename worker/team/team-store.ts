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
`;

/** The team object's SQLite tables. Every method is synchronous, so a caller holding the
 * input gate sees no interleaving between its reads and writes. */
export class TeamStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
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
        `INSERT OR REPLACE INTO rep_counters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      );
    }
    if (after.seq !== before.seq) this.setMeta("seq", String(after.seq));
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
