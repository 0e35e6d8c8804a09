/**
 * The browser side of an accounts import: parse the CSV, guess which column holds which
 * field, turn rows into API inputs, and split them into chunks so the progress bar moves.
 * Pure, so the mapping and the row arithmetic are unit tested without a browser.
 */
import type { AccountInput, InvalidRow } from "../data-api";

export type AccountField = "domain" | "name" | "ownerRepId" | "parentDomain";

export const ACCOUNT_FIELDS: FieldSpec<AccountField>[] = [
  { field: "domain", label: "Domain", required: true },
  { field: "name", label: "Account name", required: true },
  { field: "ownerRepId", label: "Owner (rep id)", required: false },
  { field: "parentDomain", label: "Parent domain", required: false },
];

/** Field → CSV column name, or "" for "not in this file". */
export type Mapping = Record<AccountField, string>;

export type ParsedCsv = { columns: string[]; rows: Record<string, string>[] };

/** Header spellings seen in CRM exports, compared without case, spaces or punctuation. */
const SYNONYMS: Record<AccountField, string[]> = {
  domain: ["domain", "website", "web", "url", "companydomain", "accountdomain", "emaildomain"],
  name: ["name", "accountname", "company", "companyname", "account", "organization", "organisation"],
  ownerRepId: ["ownerrepid", "owner", "ownerid", "accountowner", "rep", "repid", "ownerrep"],
  parentDomain: ["parentdomain", "parent", "parentaccountdomain", "parentwebsite"],
};

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Reads the file with the Worker's own CSV reader, loaded on first use: the parser is ~6 KB
 * gzip that only the import screen needs, so it stays out of the dashboard's first load.
 */
export async function parseCsv(text: string): Promise<ParsedCsv> {
  const { readCsvTable } = await import("../../../worker/core/csv/read-table");
  const table = readCsvTable(text);
  // A blank header cell is a column no one can map to; drop it.
  const columns = table.columns.filter((c) => c.trim() !== "");
  const rows = table.rows.map((r) => {
    const row: Record<string, string> = {};
    for (const c of columns) row[c] = r[c] ?? "";
    return row;
  });
  return { columns, rows };
}

/** A field an import maps a column to. */
export type FieldSpec<F extends string> = { field: F; label: string; required: boolean };

/**
 * The best column for each field: an exact synonym first (compared without case, spaces or
 * punctuation), earlier synonyms winning; a column serves one field at most.
 */
export function guessColumns<F extends string>(
  fields: readonly FieldSpec<F>[],
  synonyms: Record<F, string[]>,
  columns: readonly string[],
): Record<F, string> {
  const used = new Set<string>();
  const mapping = {} as Record<F, string>;
  for (const { field } of fields) {
    const hit = synonyms[field]
      .map((syn) => columns.find((c) => !used.has(c) && squash(c) === syn))
      .find((c) => c !== undefined);
    mapping[field] = hit ?? "";
    if (hit) used.add(hit);
  }
  return mapping;
}

/** One column chosen for two fields: a problem that blocks the import. */
export function columnsChosenTwice<F extends string>(
  fields: readonly FieldSpec<F>[],
  mapping: Record<F, string>,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { field, label } of fields) {
    const col = mapping[field];
    if (!col) continue;
    const other = seen.get(col);
    if (other) problems.push(`Column “${col}” is chosen for two fields (${other} and ${label}).`);
    else seen.set(col, label);
  }
  return problems;
}

export const guessMapping = (columns: readonly string[]): Mapping =>
  guessColumns(ACCOUNT_FIELDS, SYNONYMS, columns);

/** Required fields the mapping leaves out, and columns mapped twice: both block the import. */
export function mappingProblems(mapping: Mapping): string[] {
  const missing = ACCOUNT_FIELDS.filter((f) => f.required && !mapping[f.field]).map(
    (f) => `Choose the column that holds “${f.label}”.`,
  );
  return [...missing, ...columnsChosenTwice(ACCOUNT_FIELDS, mapping)];
}

/** One API input per CSV row; blank optional cells become null (no owner, no parent). */
export function toInputs(rows: readonly Record<string, string>[], mapping: Mapping): AccountInput[] {
  const cell = (row: Record<string, string>, field: AccountField) => {
    const col = mapping[field];
    return col ? (row[col] ?? "").trim() : "";
  };
  return rows.map((row) => ({
    domain: cell(row, "domain"),
    name: cell(row, "name"),
    ownerRepId: cell(row, "ownerRepId") || null,
    parentDomain: cell(row, "parentDomain") || null,
  }));
}

/** The spreadsheet row of a data row: the header is row 1, so data row 0 is row 2. */
export const sheetRow = (index: number) => index + 2;

export type Chunk<T> = { start: number; items: T[] };

export function chunks<T>(items: readonly T[], size: number): Chunk<T>[] {
  if (size < 1) throw new RangeError("chunk size must be at least 1");
  const out: Chunk<T>[] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push({ start, items: items.slice(start, start + size) });
  }
  return out;
}

export type RowProblem = { index: number; messages: string[] };

/** A server error entry as a sentence: "domain: not a domain: x". */
function message(e: InvalidRow["errors"][number]): string {
  const where = e.path.length ? `${e.path.join(".")}: ` : "";
  return `${where}${e.message}`;
}

/** Server problems for one chunk, re-numbered to indexes in the whole file. */
export function chunkProblems(chunk: Chunk<unknown>, invalid: readonly InvalidRow[]): RowProblem[] {
  return invalid.map((r) => ({ index: chunk.start + r.row - 1, messages: r.errors.map(message) }));
}

/**
 * Rows that repeat an earlier row's domain anywhere in the file. The server only sees one
 * chunk at a time, so a duplicate split across two chunks would silently overwrite.
 */
export function crossChunkDuplicates(inputs: readonly AccountInput[]): RowProblem[] {
  const first = new Map<string, number>();
  const out: RowProblem[] = [];
  inputs.forEach((input, index) => {
    const key = input.domain
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/^www\./, "")
      .replace(/\/.*$/, "");
    if (!key) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else out.push({ index, messages: [`domain: same domain as row ${sheetRow(earlier)}`] });
  });
  return out;
}

/** Merges problem lists into one entry per row, in file order. */
export function mergeProblems(...lists: RowProblem[][]): RowProblem[] {
  const byIndex = new Map<number, string[]>();
  for (const p of lists.flat()) {
    const msgs = byIndex.get(p.index) ?? [];
    for (const m of p.messages) if (!msgs.includes(m)) msgs.push(m);
    byIndex.set(p.index, msgs);
  }
  return [...byIndex.entries()]
    .toSorted((a, b) => a[0] - b[0])
    .map(([index, messages]) => ({ index, messages }));
}
