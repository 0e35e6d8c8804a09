/**
 * What each table (and each of its indexes) holds in the D1 database, for the capacity bench.
 * D1 refuses `PRAGMA page_count` and has no `dbstat`, so the file's size comes from the one
 * documented source, `meta.size_after` of any query, and each table's part is estimated from
 * its rows: the stored length of every column plus SQLite's per-record overhead (header byte
 * per column, rowid, cell pointer), and likewise for each index's key columns or expressions.
 * The estimates leave out page slack, so they sum to a little less than the file's growth.
 */
export type TableBytes = { name: string; bytes: number; indexBytes: number; rows: number };
export type Footprint = { fileBytes: number; tables: TableBytes[] };

/** Record header (one byte per column and its length), rowid varint and cell pointer. */
const overhead = (columns: number) => 1 + columns + 4 + 2;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function userTables(d1: D1Database): Promise<string[]> {
  const { results } = await d1
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'`,
    )
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** Splits `a, f(b, c), d` at its top-level commas. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, list.slice(start)].map((p) => p.trim().replace(/\s+(ASC|DESC)$/i, ""));
}

/** An index's key expressions and its WHERE clause, from its SQL or (automatic indexes) its columns. */
async function indexKeys(d1: D1Database, index: string): Promise<{ keys: string[]; where: string | null }> {
  const row = await d1
    .prepare("SELECT sql FROM sqlite_master WHERE name = ?")
    .bind(index)
    .first<{ sql: string | null }>();
  const match = row?.sql?.match(/\bON\s+\S+\s*\(([\s\S]*)\)\s*(?:WHERE\s+([\s\S]*))?$/i);
  if (match) return { keys: topLevel(match[1]!), where: match[2] ?? null };
  const { results } = await d1
    .prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`)
    .bind(index)
    .all<{ name: string }>();
  return { keys: results.map((r) => quote(r.name)), where: null };
}

const lengthOf = (exprs: string[]) =>
  exprs.length === 0 ? "0" : exprs.map((e) => `coalesce(length(CAST((${e}) AS BLOB)), 0)`).join(" + ");

async function measureTable(d1: D1Database, table: string): Promise<TableBytes> {
  const { results: cols } = await d1
    .prepare(`SELECT name FROM pragma_table_info(?)`)
    .bind(table)
    .all<{ name: string }>();
  const row = await d1
    .prepare(
      `SELECT count(*) AS n, coalesce(SUM(${lengthOf(cols.map((c) => quote(c.name)))}), 0) AS b FROM ${quote(table)}`,
    )
    .first<{ n: number; b: number }>();
  const rows = row!.n;
  const bytes = row!.b + rows * overhead(cols.length);
  const { results: indexes } = await d1
    .prepare(`SELECT name FROM pragma_index_list(?)`)
    .bind(table)
    .all<{ name: string }>();
  let indexBytes = 0;
  for (const { name } of indexes) {
    const { keys, where } = await indexKeys(d1, name);
    const r = await d1
      .prepare(
        `SELECT count(*) AS n, coalesce(SUM(${lengthOf(keys)}), 0) AS b FROM ${quote(table)}${where ? ` WHERE ${where}` : ""}`,
      )
      .first<{ n: number; b: number }>();
    indexBytes += r!.b + r!.n * overhead(keys.length + 1);
  }
  return { name: table, bytes, indexBytes, rows };
}

/** The database file's size, as D1 reports it after a query (`meta.size_after`). */
export async function databaseFileBytes(d1: D1Database): Promise<number> {
  return (await d1.prepare("SELECT 1").run()).meta.size_after;
}

export async function measureFootprint(d1: D1Database): Promise<Footprint> {
  const tables: TableBytes[] = [];
  for (const name of await userTables(d1)) tables.push(await measureTable(d1, name));
  tables.sort((a, b) => b.bytes + b.indexBytes - (a.bytes + a.indexBytes));
  return { fileBytes: await databaseFileBytes(d1), tables };
}

/** The difference between two footprints, table by table (what N leads added). */
export function footprintDelta(before: Footprint, after: Footprint): Footprint {
  const prev = new Map(before.tables.map((t) => [t.name, t]));
  const tables = after.tables
    .map((t) => {
      const p = prev.get(t.name);
      return {
        name: t.name,
        bytes: t.bytes - (p?.bytes ?? 0),
        indexBytes: t.indexBytes - (p?.indexBytes ?? 0),
        rows: t.rows - (p?.rows ?? 0),
      };
    })
    .filter((t) => t.bytes + t.indexBytes !== 0 || t.rows !== 0);
  return { fileBytes: after.fileBytes - before.fileBytes, tables };
}
