/**
 * How full the D1 database is. D1 refuses `PRAGMA page_count`, so the size comes from the one
 * documented figure, `meta.size_after` on any query's result: the database's size in bytes
 * after that query. A `SELECT 1` costs no rows read.
 */
import type { DatabaseStorage } from "./contract";

/** D1's maximum database size on Workers Paid (developers.cloudflare.com/d1/platform/limits). */
export const D1_LIMIT_BYTES = 10 * 1000 ** 3;
/** The share of the limit at which /health and the dashboard warn. */
export const WARN_SHARE = 0.8;

/** The limit to measure against: `DATABASE_LIMIT_BYTES` (e.g. 500 MB on Workers Free), else 10 GB. */
export function databaseLimit(env: Env): number {
  const raw = (env as unknown as Record<string, unknown>).DATABASE_LIMIT_BYTES;
  const value = typeof raw === "string" || typeof raw === "number" ? Number(raw) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : D1_LIMIT_BYTES;
}

/** The size against the limit (pure, so the threshold is tested without a full database). */
export function storageOf(bytes: number, limitBytes: number): DatabaseStorage {
  const share = bytes / limitBytes;
  return { bytes, limitBytes, share: Math.round(share * 10_000) / 10_000, warning: share >= WARN_SHARE };
}

/** The database's size now, as D1 reports it. */
export async function databaseStorage(env: Env): Promise<DatabaseStorage> {
  const { meta } = await env.DB.prepare("SELECT 1").run();
  return storageOf(meta.size_after, databaseLimit(env));
}
