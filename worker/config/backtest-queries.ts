/**
 * Read-only queries for the backtest: the newest stored leads, and every account. Raw D1
 * rather than drizzle because the lead query pulls one JSON path out of each lead's newest
 * decision trace, and 50,000 rows are read in keyset pages without per-row mapping.
 */
import type { AccountRecord } from "../core/account-match";
import type { BacktestLead } from "../core/backtest";
import type { FactValue } from "../core/lead-facts";
import { loadLeadArchive } from "../archive/archive-store";
import { traceFacts } from "../leads/trace-codec";

/** Rows per D1 query; a page of leads with their fields is a few MB at most. */
const PAGE = 5_000;

type LeadRowRaw = {
  id: string;
  /** Positive once the archive moved the lead's fields and context to R2 (worker/archive). */
  archived_at: number | null;
  form_id: string;
  email: string | null;
  fields: string;
  context: string | null;
  created_at: number;
  facts?: string | null;
  /** The newest decision's compact trace, when it has one (leads/trace-codec.ts). */
  facts_z?: ArrayBuffer | null;
};

function parseObject(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `enrich.*` facts of the stored trace: the config cannot recompute what an enricher said. */
async function enrichmentFacts(row: LeadRowRaw): Promise<Record<string, FactValue> | undefined> {
  if (!row.facts && !row.facts_z) return undefined;
  const facts = await traceFacts(row.facts, row.facts_z);
  const kept = Object.entries(facts).filter(([k]) => k.startsWith("enrich."));
  return kept.length ? (Object.fromEntries(kept) as Record<string, FactValue>) : undefined;
}

async function toLead(row: LeadRowRaw): Promise<BacktestLead> {
  const extraFacts = await enrichmentFacts(row);
  return {
    leadId: row.id,
    formId: row.form_id,
    ...(row.email ? { email: row.email } : {}),
    input: {
      fields: parseObject(row.fields) ?? {},
      context: parseObject(row.context) as BacktestLead["input"]["context"],
    },
    ...(extraFacts ? { extraFacts } : {}),
  };
}

/**
 * Archived leads a backtest reads back from R2 (one object each): the newest leads are in D1,
 * and a backtest reaching further back stops at this many archived ones (docs/capacity.md).
 */
export const MAX_ARCHIVED_READS = 500;
/** R2 reads in flight at once. */
const READS_IN_FLIGHT = 6;

/** Replaces the stub fields and context of the archived rows with their R2 object's; returns the reads. */
async function withArchivedFields(bucket: R2Bucket, rows: LeadRowRaw[]): Promise<number> {
  const archived = rows.filter((r) => (r.archived_at ?? 0) > 0);
  for (let i = 0; i < archived.length; i += READS_IN_FLIGHT)
    await Promise.all(
      archived.slice(i, i + READS_IN_FLIGHT).map(async (row) => {
        const object = await loadLeadArchive(bucket, {
          id: row.id,
          archivedAt: row.archived_at,
          erasedAt: null,
        });
        if (!object) return;
        row.fields = JSON.stringify(object.fields);
        row.context = object.context ? JSON.stringify(object.context) : null;
      }),
    );
  return archived.length;
}

/**
 * The newest `limit` leads created at or after `since`, newest first, leaving out spam and
 * erased leads. With `withEnrichment`, each lead carries the `enrich.*` facts of its newest
 * decision (which costs a JSON parse of that trace in SQLite, so only when a config uses them).
 */
export async function readBacktestLeads(
  d1: D1Database,
  opts: {
    limit: number;
    since?: number;
    withEnrichment: boolean;
    archive: R2Bucket;
    maxArchivedReads?: number;
  },
): Promise<BacktestLead[]> {
  let read = 0;
  const facts = opts.withEnrichment
    ? `, (SELECT json_extract(d.trace, '$.routing.facts') FROM routing_decisions d
          WHERE d.lead_id = leads.id ORDER BY d.decided_at DESC LIMIT 1) AS facts,
        coalesce((SELECT coalesce(d.trace_z, d.facts_z) FROM routing_decisions d
          WHERE d.lead_id = leads.id ORDER BY d.decided_at DESC LIMIT 1), leads.facts_z) AS facts_z`
    : "";
  const base = `SELECT id, form_id, email, fields, context, created_at, archived_at${facts} FROM leads
    WHERE status != 'spam' AND erased_at IS NULL AND created_at >= ?1`;
  const out: BacktestLead[] = [];
  let cursor: { at: number; id: string } | null = null;
  while (out.length < opts.limit) {
    const size = Math.min(PAGE, opts.limit - out.length);
    const stmt: D1PreparedStatement = cursor
      ? d1
          .prepare(
            `${base} AND (created_at < ?2 OR (created_at = ?2 AND id < ?3)) ORDER BY created_at DESC, id DESC LIMIT ?4`,
          )
          .bind(opts.since ?? 0, cursor.at, cursor.id, size)
      : d1.prepare(`${base} ORDER BY created_at DESC, id DESC LIMIT ?2`).bind(opts.since ?? 0, size);
    const { results } = await stmt.all<LeadRowRaw>();
    // Archived leads' fields and context come from R2, one read each, up to a bound per backtest.
    let page = results;
    const archived = results.filter((r) => (r.archived_at ?? 0) > 0);
    if (archived.length > 0) {
      const room = (opts.maxArchivedReads ?? MAX_ARCHIVED_READS) - read;
      const cut = room >= archived.length ? results.length : results.indexOf(archived[room]!);
      page = results.slice(0, cut);
      read += await withArchivedFields(opts.archive, page);
      if (cut < results.length) {
        out.push(...(await Promise.all(page.map(toLead))));
        break;
      }
    }
    out.push(...(await Promise.all(page.map(toLead))));
    const last = results.at(-1);
    if (!last || results.length < size) break;
    cursor = { at: last.created_at, id: last.id };
  }
  return out;
}

/** Every account, in keyset pages: the backtest matches thousands of leads against one index. */
export async function readAllAccounts(d1: D1Database): Promise<AccountRecord[]> {
  const out: AccountRecord[] = [];
  let after = "";
  for (;;) {
    const { results } = await d1
      .prepare(
        `SELECT domain, name, normalized_name AS normalizedName, owner_rep_id AS ownerRepId,
           parent_domain AS parentDomain FROM accounts WHERE domain > ?1 ORDER BY domain LIMIT ?2`,
      )
      .bind(after, PAGE * 2)
      .all<AccountRecord>();
    out.push(...results);
    if (results.length < PAGE * 2) return out;
    after = results.at(-1)!.domain;
  }
}
