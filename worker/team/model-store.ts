import { mergeLabel, type OutcomeLabel, type RepOutcomes } from "../core/distribution";
import type { FactValue } from "../core/lead-facts";
import { EvidenceStore } from "./evidence-store";

type Row = Record<string, SqlStorageValue>;

/**
 * One lead the predictive model knows: who holds it, its segment, its label so far, and when
 * it was first assigned (null: a row from before `noted_at`).
 */
export type ModelLead = {
  leadId: string;
  repId: string;
  segment: string;
  label: OutcomeLabel | null;
  notedAt: number | null;
};

/**
 * A lead's outcome history as the rebuild reads it from D1, already segmented and labelled,
 * with the time the team first assigned it.
 */
export type HistoryLead = {
  leadId: string;
  repId: string;
  segment: string;
  label: OutcomeLabel;
  assignedAt: number;
  /** The facts the lead was routed on (the feature model's rebuild derives features from them). */
  facts?: Readonly<Record<string, FactValue>>;
};

// Forward-only and idempotent, like team-store's schema; separate tables so the model can be
// dropped and rebuilt from D1 without touching the counters. `noted_at` (the lead's first
// assignment) came later: older objects get the column added, NULL until the alarm stamps it.
// A decision does not write `model_leads`: its lead is held by its evidence row (rep, segment,
// time; evidence-store.ts), and its `model_leads` row is written from that when first needed:
// at its first outcome or reassignment, before a rebuild, or when the evidence forgets the lead
// (past `memoryDays`), whichever comes first. From then on the row lives by the rules below.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS model_leads (
    lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, segment TEXT NOT NULL, label TEXT,
    noted_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS model_stats (
    rep_id TEXT NOT NULL, segment TEXT NOT NULL,
    successes INTEGER NOT NULL, failures INTEGER NOT NULL,
    PRIMARY KEY (rep_id, segment)
  );
`;
const INDEX = "CREATE INDEX IF NOT EXISTS model_leads_by_age ON model_leads (label, noted_at)";
const SIGNATURE = "model_signature";
const STALE = "model_stale";
const DAY_MS = 86_400_000;

/**
 * Which rows of `model_leads` the model still needs, and so which the team object's alarm
 * deletes (see `pruneLeads`). A row maps a lead to its rep, segment and label so far, for one
 * purpose: applying a later outcome of the lead in place, once (a repeat is `unchanged`). The
 * counts live in `model_stats` and pruning never touches them: it forgets the mapping, not
 * what the lead contributed. A row goes once its lead's first assignment is older than
 *
 * - `MODEL_FINAL_KEEP_MS` (365 days) when its label is final (a success: mergeLabel keeps it
 *   whatever comes later, so a further outcome could at most move the credit to another rep);
 * - `MODEL_OPEN_KEEP_MS` (730 days) when it has no label or a failure: a revived deal would
 *   still change the counts, and long sales cycles make that the likelier late outcome.
 *
 * Outcomes after that are rare, and still counted right: an outcome for a lead the model no
 * longer knows answers `unknown_lead` and marks the model stale (recordOutcome), applying
 * nothing; the next predictive assignment rebuilds every count from D1's outcomes, which
 * already hold that outcome (the route writes D1 before it forwards), so the lead counts once
 * with its merged label. The rebuild brings the lead's row back, so a retried forward of the
 * same outcome is `unchanged`; if the alarm has pruned it again meanwhile, the retry only
 * causes another rebuild. No caller assigns a lead anew that late (every one acts within
 * team-store's `OPEN_KEEP_MS`, 210 days), so a pruned lead is never noted afresh with an empty
 * label and counted twice. Rows of older objects without `noted_at` are stamped with the
 * alarm's time first, which keeps them a full span from then.
 */
export const MODEL_FINAL_KEEP_MS = 365 * DAY_MS;
export const MODEL_OPEN_KEEP_MS = 730 * DAY_MS;
// Per label (NULL: no outcome yet), so each query runs on the (label, noted_at) index.
const MODEL_KEEP: [label: OutcomeLabel | null, keep: number][] = [
  ["success", MODEL_FINAL_KEEP_MS],
  ["failure", MODEL_OPEN_KEEP_MS],
  [null, MODEL_OPEN_KEEP_MS],
];

/**
 * The predictive model's state in the team object: success/failure counts per rep × segment,
 * and per lead the label it contributed, so an outcome reported twice (or a rebuild racing a
 * forwarded outcome) counts once. Synchronous, like TeamStore.
 */
export class ModelStore {
  /** The feature model's evidence (decayed, maturity-weighted), beside the segment counts. */
  readonly evidence: EvidenceStore;
  /** The signature `isReady` last found ready; null: ask SQLite. */
  private ready: string | null = null;

  constructor(private readonly sql: SqlStorage) {
    this.evidence = new EvidenceStore(sql, (day) => this.adopt(day));
  }

  migrate(): void {
    this.sql.exec(SCHEMA);
    this.evidence.migrate();
    const columns = this.sql.exec<{ name: string }>("PRAGMA table_info(model_leads)").toArray();
    if (!columns.some((c) => c.name === "noted_at")) {
      this.sql.exec("ALTER TABLE model_leads ADD COLUMN noted_at INTEGER");
    }
    this.sql.exec(INDEX);
  }

  /**
   * True when the model exists, was built under `signature` and has missed no outcome. Asked on
   * every predictive decision, so a yes is remembered: only this object writes the signature
   * and the stale mark (`rebuild`, `markStale`), and both forget it, as does `reset`.
   */
  isReady(signature: string): boolean {
    if (this.ready === signature) return true;
    const ready = this.meta(SIGNATURE) === signature && this.meta(STALE) === null;
    if (ready) this.ready = signature;
    return ready;
  }

  /** An outcome arrived for a lead the model does not know: rebuild on the next assignment. */
  markStale(): void {
    this.ready = null;
    this.setMeta(STALE, "1");
  }

  /**
   * Forgets what is held in memory (after a rolled-back transaction, or storage changed behind
   * the object's back): the next use reads SQLite again.
   */
  reset(): void {
    this.ready = null;
    this.evidence.reset();
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

  /**
   * The lead as the model knows it: its `model_leads` row, else its evidence row (a lead no
   * outcome has reached yet: no label, nothing counted). Null: the model does not know it.
   */
  getLead(leadId: string): ModelLead | null {
    const r = this.sql.exec<Row>("SELECT * FROM model_leads WHERE lead_id = ?", leadId).toArray()[0];
    if (!r) {
      const held = this.evidence.heldLead(leadId);
      return held && { leadId, ...held, label: null };
    }
    const label = r.label === null ? null : (String(r.label) as OutcomeLabel);
    const notedAt = r.noted_at === null ? null : Number(r.noted_at);
    return { leadId, repId: String(r.rep_id), segment: String(r.segment), label, notedAt };
  }

  /**
   * Moves a known lead to `repId` (a reassignment), writing its row if only its evidence row
   * held it; `notedAt` (its first assignment) stays.
   */
  noteLead(lead: ModelLead, repId: string, now: number): void {
    this.sql.exec(
      `INSERT INTO model_leads (lead_id, rep_id, segment, label, noted_at) VALUES (?, ?, ?, NULL, ?)
       ON CONFLICT(lead_id) DO UPDATE SET rep_id = excluded.rep_id`,
      lead.leadId,
      repId,
      lead.segment,
      lead.notedAt ?? now,
    );
  }

  /**
   * Applies one outcome of a known lead, credited to `repId` (the rep holding it when the
   * outcome was reported), writing its row if only its evidence row held it. Returns whether
   * the counts changed.
   */
  applyOutcome(lead: ModelLead, repId: string, label: OutcomeLabel): boolean {
    const merged = mergeLabel(lead.label, label);
    if (merged === lead.label && repId === lead.repId) return false;
    if (lead.label) this.bump(lead.repId, lead.segment, lead.label, -1);
    this.bump(repId, lead.segment, merged, 1);
    this.sql.exec(
      `INSERT INTO model_leads (lead_id, rep_id, segment, label, noted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(lead_id) DO UPDATE SET rep_id = excluded.rep_id, label = excluded.label`,
      lead.leadId,
      repId,
      lead.segment,
      merged,
      lead.notedAt,
    );
    return true;
  }

  /**
   * Writes the `model_leads` row of every lead only its evidence row holds, of days before
   * `day`: before the evidence forgets them (its daily prune) and before a rebuild replaces
   * the evidence. None of them has an outcome yet, or it would have its row.
   */
  adopt(day: number): void {
    this.sql.exec(
      `INSERT INTO model_leads (lead_id, rep_id, segment, label, noted_at)
         SELECT lead_id, rep_id, segment, NULL, COALESCE(noted_at, day * ${DAY_MS}) FROM evidence_leads
         WHERE segment IS NOT NULL AND day < ?
       ON CONFLICT(lead_id) DO NOTHING`,
      day,
    );
  }

  /**
   * Replaces the counts with those of `history` and records the signature they were built
   * under. Leads still waiting for an outcome keep their segment unless the segment
   * definition changed; then they are forgotten, and their outcomes trigger another rebuild.
   */
  rebuild(history: readonly HistoryLead[], signature: string): void {
    this.ready = null;
    // Leads still pending keep their rows (below) though the evidence is replaced next.
    this.adopt(Number.MAX_SAFE_INTEGER);
    this.sql.exec("DELETE FROM model_stats");
    if (this.meta(SIGNATURE) === signature) this.sql.exec("UPDATE model_leads SET label = NULL");
    else this.sql.exec("DELETE FROM model_leads");
    for (const h of history) {
      this.sql.exec(
        `INSERT INTO model_leads (lead_id, rep_id, segment, label, noted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(lead_id) DO UPDATE SET rep_id = excluded.rep_id, segment = excluded.segment,
           label = excluded.label, noted_at = MIN(COALESCE(noted_at, excluded.noted_at), excluded.noted_at)`,
        h.leadId,
        h.repId,
        h.segment,
        h.label,
        h.assignedAt,
      );
      this.bump(h.repId, h.segment, h.label, 1);
    }
    this.setMeta(SIGNATURE, signature);
    this.sql.exec("DELETE FROM meta WHERE key = ?", STALE);
  }

  /**
   * Deletes up to `limit` rows the model no longer needs at `now` (see `MODEL_FINAL_KEEP_MS`),
   * oldest first, after stamping rows of unknown age; returns how many rows were written.
   * The counts in `model_stats` stay as they are.
   */
  pruneLeads(now: number, limit: number): number {
    let written = 0;
    for (const [label, keep] of MODEL_KEEP) {
      if (written >= limit) break;
      written += this.sql
        .exec(
          `UPDATE model_leads SET noted_at = ? WHERE lead_id IN (
             SELECT lead_id FROM model_leads WHERE label IS ? AND noted_at IS NULL LIMIT ?)
           RETURNING lead_id`,
          now,
          label,
          limit - written,
        )
        .toArray().length;
      if (written >= limit) break;
      written += this.sql
        .exec(
          `DELETE FROM model_leads WHERE lead_id IN (
             SELECT lead_id FROM model_leads WHERE label IS ? AND noted_at < ?
             ORDER BY noted_at LIMIT ?)
           RETURNING lead_id`,
          label,
          now - keep,
          limit - written,
        )
        .toArray().length;
    }
    return written;
  }

  /**
   * The earliest time a remaining row can be pruned, `now` when some still need stamping, or
   * null when there are no rows.
   */
  nextPruneAt(now: number): number | null {
    let next: number | null = null;
    for (const [label, keep] of MODEL_KEEP) {
      const r = this.sql
        .exec<{ at: number | null; unstamped: number }>(
          `SELECT MIN(noted_at) AS at,
             EXISTS (SELECT 1 FROM model_leads WHERE label IS ? AND noted_at IS NULL) AS unstamped
           FROM model_leads WHERE label IS ? AND noted_at IS NOT NULL`,
          label,
          label,
        )
        .one();
      if (r.unstamped) next = Math.min(next ?? Infinity, now);
      if (r.at !== null) next = Math.min(next ?? Infinity, r.at + keep);
    }
    return next;
  }

  countLeads(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM model_leads").one().n;
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
