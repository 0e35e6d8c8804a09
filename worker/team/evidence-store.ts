import {
  DAY_MS,
  dayOf,
  mergeLabel,
  type EvidenceSettings,
  type FeatureEvidence,
  type OutcomeLabel,
} from "../core/distribution";
import { EvidenceTable } from "./evidence-table";

type Row = Record<string, SqlStorageValue>;

// Forward-only and idempotent. `evidence_leads` holds the leads the joint fit reads (and what a
// later outcome of a lead must touch); `evidence_delays` the delays of conversions per lead
// day, for the maturation curve. Both are bounded by `memoryDays`: rows of older days are
// deleted once a day (`prune`). `evidence`, the day buckets per rep × feature of the one-pass
// model, is no longer read or written since the joint fit (issue 23, session 4): dropped.
const SCHEMA = `
  DROP TABLE IF EXISTS evidence;
  CREATE TABLE IF NOT EXISTS evidence_leads (
    lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, features TEXT NOT NULL, day INTEGER NOT NULL, label TEXT
  );
  CREATE INDEX IF NOT EXISTS evidence_leads_by_day ON evidence_leads (day);
  CREATE TABLE IF NOT EXISTS evidence_delays (
    day INTEGER NOT NULL, delay INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, delay)
  );
`;

/**
 * The feature model's state in the team object's SQLite, with an in-memory `EvidenceTable`
 * loaded from it on first use (and again when the evidence settings change). Every write goes
 * to both, inside the caller's transaction; synchronous, like TeamStore.
 */
export class EvidenceStore {
  private table: { signature: string; table: EvidenceTable } | null = null;
  private prunedDay: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
  }

  /** Forgets the in-memory copy (after a rolled-back transaction); the next use reloads it. */
  reset(): void {
    this.table = null;
  }

  /** The chooser's evidence for a lead with `features`; prunes once a day. */
  evidence(settings: EvidenceSettings, features: readonly string[], now: number): FeatureEvidence {
    const today = dayOf(now);
    if (this.prunedDay !== today) this.prune(today - settings.memoryDays, settings);
    return this.load(settings).evidence(features, now);
  }

  /** Records a lead just assigned to `repId`. */
  noteLead(
    settings: EvidenceSettings,
    leadId: string,
    repId: string,
    features: readonly string[],
    now: number,
  ): void {
    const day = dayOf(now);
    this.sql.exec(
      "INSERT OR IGNORE INTO evidence_leads (lead_id, rep_id, features, day, label) VALUES (?, ?, ?, ?, NULL)",
      leadId,
      repId,
      JSON.stringify(features),
      day,
    );
    this.load(settings).setLead(leadId, { repId, features, day, label: null });
  }

  /**
   * Applies an outcome (merged as the segment model merges labels), credited to `repId`: if
   * another rep now holds the lead, its lead and outcome move there. Unknown or forgotten leads
   * (older than the memory) change nothing.
   */
  outcome(
    settings: EvidenceSettings,
    leadId: string,
    repId: string | null,
    label: OutcomeLabel,
    now: number,
  ): void {
    const lead = this.getLead(leadId);
    if (!lead) return;
    const merged = mergeLabel(lead.label, label);
    const to = repId ?? lead.repId;
    if (merged === lead.label && to === lead.repId) return;
    if (merged === "success" && lead.label !== "success")
      this.delay(settings, lead.day, dayOf(now) - lead.day);
    this.sql.exec("UPDATE evidence_leads SET rep_id = ?, label = ? WHERE lead_id = ?", to, merged, leadId);
    this.load(settings).setLead(leadId, { repId: to, features: lead.features, day: lead.day, label: merged });
  }

  /** A reassignment: the lead (and whatever outcome it has) moves to `repId`. */
  move(settings: EvidenceSettings, leadId: string, repId: string): void {
    const lead = this.getLead(leadId);
    if (!lead || lead.repId === repId) return;
    this.sql.exec("UPDATE evidence_leads SET rep_id = ? WHERE lead_id = ?", repId, leadId);
    this.load(settings).setLead(leadId, { ...lead, repId });
  }

  /**
   * Replaces the evidence with the leads of a rebuild from D1. D1 holds outcomes, so leads
   * still pending are not in it: until new leads arrive the exposure is that of the resolved
   * ones (conversion reads high alike for every rep), and report delays are not known.
   */
  rebuild(
    _settings: EvidenceSettings,
    leads: readonly { leadId: string; repId: string; features: string[]; day: number; label: OutcomeLabel }[],
  ): void {
    for (const t of ["evidence_leads", "evidence_delays"]) this.sql.exec(`DELETE FROM ${t}`);
    for (const l of leads)
      this.sql.exec(
        "INSERT OR REPLACE INTO evidence_leads (lead_id, rep_id, features, day, label) VALUES (?, ?, ?, ?, ?)",
        l.leadId,
        l.repId,
        JSON.stringify(l.features),
        l.day,
        l.label,
      );
    // The next use loads the leads just written.
    this.table = null;
  }

  /** Rows held, for status and the bound test. */
  rows(): { leads: number } {
    return { leads: this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM evidence_leads").one().n };
  }

  private prune(oldest: number, settings: EvidenceSettings): void {
    this.sql.exec("DELETE FROM evidence_leads WHERE day < ?", oldest);
    this.sql.exec("DELETE FROM evidence_delays WHERE day < ?", oldest);
    this.prunedDay = oldest + settings.memoryDays;
    this.table?.table.prune(this.prunedDay * DAY_MS);
  }

  private load(settings: EvidenceSettings): EvidenceTable {
    const signature = JSON.stringify(settings);
    if (this.table?.signature === signature) return this.table.table;
    const table = new EvidenceTable(settings);
    for (const r of this.sql.exec<Row>("SELECT lead_id, rep_id, features, day, label FROM evidence_leads"))
      table.setLead(String(r.lead_id), {
        repId: String(r.rep_id),
        features: JSON.parse(String(r.features)) as string[],
        day: Number(r.day),
        label: r.label === null ? null : (String(r.label) as OutcomeLabel),
      });
    for (const r of this.sql.exec<Row>("SELECT * FROM evidence_delays"))
      for (let i = 0; i < Number(r.count); i++) table.addDelay(Number(r.day), Number(r.delay));
    this.table = { signature, table };
    return table;
  }

  private delay(settings: EvidenceSettings, day: number, delay: number): void {
    if (delay < 0 || delay >= settings.maturityDays) return;
    this.sql.exec(
      `INSERT INTO evidence_delays (day, delay, count) VALUES (?, ?, 1)
       ON CONFLICT(day, delay) DO UPDATE SET count = count + 1`,
      day,
      delay,
    );
    this.load(settings).addDelay(day, delay);
  }

  private getLead(leadId: string) {
    const r = this.sql.exec<Row>("SELECT * FROM evidence_leads WHERE lead_id = ?", leadId).toArray()[0];
    if (!r) return null;
    return {
      repId: String(r.rep_id),
      features: JSON.parse(String(r.features)) as string[],
      day: Number(r.day),
      label: r.label === null ? null : (String(r.label) as OutcomeLabel),
    };
  }
}
