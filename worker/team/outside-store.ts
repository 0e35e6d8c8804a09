import { LOAD_LOOKBACK_MS } from "../core/routing/eligibility";

type Times = Record<string, number[]>;

/** A rep took a lead at `at` (UTC ms) through a destination the receiving object did not count. */
export type OutsideNote = { leadId: string; repId: string; at: number };

// One row per (lead, rep): a note told twice (an outbox retry) is stored once, and a lead
// moved to another rep is that rep's lead too. Keyed by its primary key alone (WITHOUT ROWID);
// the by-time index serves the prune and its next-alarm lower bound.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outside_leads (
    lead_id TEXT NOT NULL, rep_id TEXT NOT NULL, assigned_at INTEGER NOT NULL,
    PRIMARY KEY (lead_id, rep_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS outside_leads_by_age ON outside_leads (assigned_at);
`;

/**
 * Leads the team's members took outside this team (a named rep, account or CRM owner, another
 * team), for their caps only (see `TeamState.outside`). A row matters while it can fall in a
 * rep's current ISO week: LOAD_LOOKBACK_MS (8 days) after its instant it is deleted, by the
 * object's pruning alarm, and it is no longer loaded.
 */
export class OutsideStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
  }

  /** Stores one note; false when it was already stored (the caller's copy is then current). */
  add(leadId: string, repId: string, at: number): boolean {
    const written = this.sql
      .exec(
        `INSERT INTO outside_leads (lead_id, rep_id, assigned_at) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING lead_id`,
        leadId,
        repId,
        at,
      )
      .toArray();
    return written.length === 1;
  }

  /**
   * Every rep's instants; absent (not empty) when there are none. The prune bounds them; the
   * chooser reads only those in the rep's current day and week.
   */
  load(): Times | undefined {
    let times: Times | undefined;
    const rows = this.sql.exec<{ rep_id: string; assigned_at: number }>(
      "SELECT rep_id, assigned_at FROM outside_leads",
    );
    for (const r of rows) ((times ??= {})[r.rep_id] ??= []).push(r.assigned_at);
    return times;
  }

  /** Deletes up to `limit` rows too old to fall in any week; returns how many went. */
  prune(now: number, limit: number): number {
    return this.sql
      .exec(
        `DELETE FROM outside_leads WHERE (lead_id, rep_id) IN (
           SELECT lead_id, rep_id FROM outside_leads WHERE assigned_at < ? ORDER BY assigned_at LIMIT ?)
         RETURNING lead_id`,
        now - LOAD_LOOKBACK_MS,
        limit,
      )
      .toArray().length;
  }

  /** When the oldest row becomes prunable, or null without rows. */
  nextPruneAt(): number | null {
    const oldest = this.sql
      .exec<{ at: number | null }>("SELECT MIN(assigned_at) AS at FROM outside_leads")
      .one().at;
    return oldest === null ? null : oldest + LOAD_LOOKBACK_MS;
  }
}

/** The in-memory copy after one more note, without the rep's instants a lookback before it. */
export function withOutside(
  current: Readonly<Record<string, readonly number[]>> | undefined,
  note: OutsideNote,
): Record<string, readonly number[]> {
  const since = note.at - LOAD_LOOKBACK_MS;
  const kept = (current?.[note.repId] ?? []).filter((t) => t >= since);
  return { ...current, [note.repId]: [...kept, note.at] };
}
