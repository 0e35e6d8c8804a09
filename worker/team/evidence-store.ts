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
// A lead's row also holds its segment and first assignment time (`segment`, `noted_at`), so a
// decision writes this one row and the segment model's `model_leads` row is written only when
// it is needed (see ModelStore.getLead); older objects get the columns added, NULL in their rows
// (those leads have their `model_leads` row already).
// `evidence_leads` is keyed by lead id alone (WITHOUT ROWID, no index by day): a decision's
// insert then touches one B-tree instead of three. The once-a-day prune and adoption scan it.
// Older objects' tables (a rowid table with a by-day index) are rebuilt once (`migrate`).
const EVIDENCE_LEADS = `(
    lead_id TEXT PRIMARY KEY, rep_id TEXT NOT NULL, features TEXT NOT NULL, day INTEGER NOT NULL, label TEXT,
    segment TEXT, noted_at INTEGER
  ) WITHOUT ROWID`;
const SCHEMA = `
  DROP TABLE IF EXISTS evidence;
  CREATE TABLE IF NOT EXISTS evidence_leads ${EVIDENCE_LEADS};
  CREATE TABLE IF NOT EXISTS evidence_delays (
    day INTEGER NOT NULL, delay INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, delay)
  );
`;

/**
 * The feature model's state in the team object's SQLite, with an in-memory `EvidenceTable`
 * loaded from it on first use (and again when the evidence settings change). Every write goes
 * to both, inside the caller's transaction; synchronous, like TeamStore.
 */
/** A lead as its evidence row holds it, for the segment model (see ModelStore.getLead). */
export type HeldLead = { repId: string; segment: string; notedAt: number };

export class EvidenceStore {
  private table: { settings: EvidenceSettings; signature: string; table: EvidenceTable } | null = null;
  private prunedDay: number | null = null;

  /** `beforePrune(day)` runs before the rows of days before `day` are deleted. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly beforePrune: (day: number) => void = () => {},
  ) {}

  migrate(): void {
    this.sql.exec(SCHEMA);
    const columns = this.sql.exec<{ name: string }>("PRAGMA table_info(evidence_leads)").toArray();
    if (!columns.some((c) => c.name === "segment")) {
      this.sql.exec("ALTER TABLE evidence_leads ADD COLUMN segment TEXT");
      this.sql.exec("ALTER TABLE evidence_leads ADD COLUMN noted_at INTEGER");
    }
    const table = this.sql
      .exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'evidence_leads'")
      .one().sql;
    if (!/WITHOUT ROWID/i.test(table)) {
      this.sql.exec(`CREATE TABLE evidence_leads_keyed ${EVIDENCE_LEADS}`);
      this.sql.exec(
        `INSERT INTO evidence_leads_keyed SELECT lead_id, rep_id, features, day, label, segment, noted_at FROM evidence_leads`,
      );
      this.sql.exec("DROP TABLE evidence_leads");
      this.sql.exec("ALTER TABLE evidence_leads_keyed RENAME TO evidence_leads");
    }
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

  /** Records a lead just assigned to `repId` at `now`, in `segment`: the decision's one model row. */
  noteLead(
    settings: EvidenceSettings,
    leadId: string,
    repId: string,
    features: readonly string[],
    now: number,
    segment: string,
  ): void {
    const day = dayOf(now);
    this.sql.exec(
      `INSERT OR IGNORE INTO evidence_leads (lead_id, rep_id, features, day, label, segment, noted_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
      leadId,
      repId,
      JSON.stringify(features),
      day,
      segment,
      now,
    );
    this.load(settings).setLead(leadId, { repId, features, day, label: null });
  }

  /** The rep, segment and assignment time of a lead noted with its segment; null otherwise. */
  heldLead(leadId: string): HeldLead | null {
    const r = this.sql
      .exec<Row>(
        "SELECT rep_id, segment, noted_at, day FROM evidence_leads WHERE lead_id = ? AND segment IS NOT NULL",
        leadId,
      )
      .toArray()[0];
    if (!r) return null;
    const notedAt = r.noted_at === null ? Number(r.day) * DAY_MS : Number(r.noted_at);
    return { repId: String(r.rep_id), segment: String(r.segment), notedAt };
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
    leads: readonly {
      leadId: string;
      repId: string;
      features: string[];
      day: number;
      label: OutcomeLabel;
      segment: string;
      assignedAt: number;
    }[],
  ): void {
    for (const t of ["evidence_leads", "evidence_delays"]) this.sql.exec(`DELETE FROM ${t}`);
    for (const l of leads)
      this.sql.exec(
        `INSERT OR REPLACE INTO evidence_leads (lead_id, rep_id, features, day, label, segment, noted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        l.leadId,
        l.repId,
        JSON.stringify(l.features),
        l.day,
        l.label,
        l.segment,
        l.assignedAt,
      );
    // The next use loads the leads just written.
    this.table = null;
  }

  /** Rows held, for status and the bound test. */
  rows(): { leads: number } {
    return { leads: this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM evidence_leads").one().n };
  }

  private prune(oldest: number, settings: EvidenceSettings): void {
    this.beforePrune(oldest);
    this.sql.exec("DELETE FROM evidence_leads WHERE day < ?", oldest);
    this.sql.exec("DELETE FROM evidence_delays WHERE day < ?", oldest);
    this.prunedDay = oldest + settings.memoryDays;
    this.table?.table.prune(this.prunedDay * DAY_MS);
  }

  private load(settings: EvidenceSettings): EvidenceTable {
    // The same settings object (predictiveSettings keeps one per team) skips the signature.
    if (this.table?.settings === settings) return this.table.table;
    const signature = JSON.stringify(settings);
    if (this.table?.signature === signature) {
      this.table.settings = settings;
      return this.table.table;
    }
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
    this.table = { settings, signature, table };
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
