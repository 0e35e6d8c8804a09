import { mergeLabel, type OutcomeLabel, type RepOutcomes } from "../core/distribution";

type Row = Record<string, SqlStorageValue>;

/** One lead the predictive model knows: who holds it, its segment, and its label so far. */
export type ModelLead = { leadId: string; repId: string; segment: string; label: OutcomeLabel | null };

/** A lead's outcome history as the rebuild reads it from D1, already segmented and labelled. */
export type HistoryLead = { leadId: string; repId: string; segment: string; label: OutcomeLabel };

// Forward-only and idempotent, like team-store's schema; separate tables so the model can be
// dropped and rebuilt from D1 without touching the counters.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS model_leads (
    lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, segment TEXT NOT NULL, label TEXT
  );
  CREATE TABLE IF NOT EXISTS model_stats (
    rep_id TEXT NOT NULL, segment TEXT NOT NULL,
    successes INTEGER NOT NULL, failures INTEGER NOT NULL,
    PRIMARY KEY (rep_id, segment)
  );
`;
const SIGNATURE = "model_signature";
const STALE = "model_stale";

/**
 * The predictive model's state in the team object: success/failure counts per rep × segment,
 * and per lead the label it contributed, so an outcome reported twice (or a rebuild racing a
 * forwarded outcome) counts once. Synchronous, like TeamStore.
 */
export class ModelStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
  }

  /** True when the model exists, was built under `signature` and has missed no outcome. */
  isReady(signature: string): boolean {
    return this.meta(SIGNATURE) === signature && this.meta(STALE) === null;
  }

  /** An outcome arrived for a lead the model does not know: rebuild on the next assignment. */
  markStale(): void {
    this.setMeta(STALE, "1");
  }

  /** Outcomes per rep in one segment. */
  outcomesIn(segment: string): Record<string, RepOutcomes> {
    const out: Record<string, RepOutcomes> = {};
    for (const r of this.sql.exec<Row>("SELECT * FROM model_stats WHERE segment = ?", segment)) {
      out[String(r.rep_id)] = { successes: Number(r.successes), failures: Number(r.failures) };
    }
    return out;
  }

  /** Outcomes per rep over all segments. */
  repTotals(): Record<string, RepOutcomes> {
    const out: Record<string, RepOutcomes> = {};
    const rows = this.sql.exec<Row>(
      "SELECT rep_id, SUM(successes) AS s, SUM(failures) AS f FROM model_stats GROUP BY rep_id",
    );
    for (const r of rows) out[String(r.rep_id)] = { successes: Number(r.s), failures: Number(r.f) };
    return out;
  }

  /** Every rep × segment cell, for status and tests. */
  cells(): { repId: string; segment: string; successes: number; failures: number }[] {
    return this.sql
      .exec<Row>("SELECT * FROM model_stats ORDER BY segment, rep_id")
      .toArray()
      .map((r) => ({
        repId: String(r.rep_id),
        segment: String(r.segment),
        successes: Number(r.successes),
        failures: Number(r.failures),
      }));
  }

  getLead(leadId: string): ModelLead | null {
    const r = this.sql.exec<Row>("SELECT * FROM model_leads WHERE lead_id = ?", leadId).toArray()[0];
    if (!r) return null;
    const label = r.label === null ? null : (String(r.label) as OutcomeLabel);
    return { leadId, repId: String(r.rep_id), segment: String(r.segment), label };
  }

  /** Notes the segment and rep of a lead just assigned (or moved by a reassignment). */
  noteLead(leadId: string, repId: string, segment: string): void {
    this.sql.exec(
      `INSERT INTO model_leads (lead_id, rep_id, segment, label) VALUES (?, ?, ?, NULL)
       ON CONFLICT(lead_id) DO UPDATE SET rep_id = excluded.rep_id`,
      leadId,
      repId,
      segment,
    );
  }

  /**
   * Applies one outcome of a known lead, credited to `repId` (the rep holding it when the
   * outcome was reported). Returns whether the counts changed.
   */
  applyOutcome(lead: ModelLead, repId: string, label: OutcomeLabel): boolean {
    const merged = mergeLabel(lead.label, label);
    if (merged === lead.label && repId === lead.repId) return false;
    if (lead.label) this.bump(lead.repId, lead.segment, lead.label, -1);
    this.bump(repId, lead.segment, merged, 1);
    this.sql.exec(
      "UPDATE model_leads SET rep_id = ?, label = ? WHERE lead_id = ?",
      repId,
      merged,
      lead.leadId,
    );
    return true;
  }

  /**
   * Replaces the counts with those of `history` and records the signature they were built
   * under. Leads still waiting for an outcome keep their segment unless the segment
   * definition changed; then they are forgotten, and their outcomes trigger another rebuild.
   */
  rebuild(history: readonly HistoryLead[], signature: string): void {
    this.sql.exec("DELETE FROM model_stats");
    if (this.meta(SIGNATURE) === signature) this.sql.exec("UPDATE model_leads SET label = NULL");
    else this.sql.exec("DELETE FROM model_leads");
    for (const h of history) {
      this.sql.exec(
        `INSERT INTO model_leads (lead_id, rep_id, segment, label) VALUES (?, ?, ?, ?)
         ON CONFLICT(lead_id) DO UPDATE SET rep_id = excluded.rep_id, segment = excluded.segment, label = excluded.label`,
        h.leadId,
        h.repId,
        h.segment,
        h.label,
      );
      this.bump(h.repId, h.segment, h.label, 1);
    }
    this.setMeta(SIGNATURE, signature);
    this.sql.exec("DELETE FROM meta WHERE key = ?", STALE);
  }

  private meta(key: string): string | null {
    return (
      this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ??
      null
    );
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  private bump(repId: string, segment: string, label: OutcomeLabel, by: 1 | -1): void {
    const s = label === "success" ? by : 0;
    const f = label === "failure" ? by : 0;
    this.sql.exec(
      `INSERT INTO model_stats (rep_id, segment, successes, failures) VALUES (?, ?, ?, ?)
       ON CONFLICT(rep_id, segment) DO UPDATE SET successes = MAX(0, successes + ?), failures = MAX(0, failures + ?)`,
      repId,
      segment,
      Math.max(0, s),
      Math.max(0, f),
      s,
      f,
    );
  }
}
