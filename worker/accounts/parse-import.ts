import { AccountInputSchema, type AccountInput } from "./contract";
import { normalizeCompanyName, normalizeDomain } from "../core/account-match/normalize";
import { readCsvTable } from "../core/csv/read-table";

/** Rows a single request may carry: enough for any CSV a person pastes, bounded for D1. */
export const MAX_IMPORT_ROWS = 1000;

export type ParsedAccount = {
  domain: string;
  name: string;
  normalizedName: string;
  ownerRepId: string | null;
  parentDomain: string | null;
};
export type RowError = { row: number; path: (string | number)[]; message: string };

/** CSV columns accepted, in snake_case as spreadsheets export them. */
const csvColumns: Record<string, keyof AccountInput> = {
  domain: "domain",
  name: "name",
  owner_rep_id: "ownerRepId",
  parent_domain: "parentDomain",
};

/** Reads a CSV with a header row into the same shape the JSON import takes. */
export function csvToInputs(text: string): { rows: unknown[]; errors: RowError[] } {
  const table = readCsvTable(text);
  if (table.errors.length > 0) {
    return {
      rows: [],
      errors: table.errors.map((e) => ({ row: e.row, path: ["csv"], message: e.message })),
    };
  }
  const unknown = table.columns.filter((c) => !(c.trim().toLowerCase() in csvColumns));
  if (unknown.length > 0) {
    return {
      rows: [],
      errors: [{ row: 0, path: ["header"], message: `unknown columns: ${unknown.join(", ")}` }],
    };
  }
  const rows = table.rows.map((record) => {
    const out: Record<string, string | null> = {};
    for (const [col, value] of Object.entries(record)) {
      const key = csvColumns[col.trim().toLowerCase()]!;
      const trimmed = value.trim();
      out[key] = trimmed === "" ? null : trimmed;
    }
    return out;
  });
  return { rows, errors: [] };
}

/**
 * Validates every row and normalises keys. Returns all problems at once (rows numbered from
 * 1, as a spreadsheet shows them) so that an admin fixes a file in one pass.
 */
export function parseAccounts(inputs: readonly unknown[]): { accounts: ParsedAccount[]; errors: RowError[] } {
  const accounts: ParsedAccount[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, i) => {
    const row = i + 1;
    const parsed = AccountInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({
          row,
          path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
          message: issue.message,
        });
      }
      return;
    }
    const domain = normalizeDomain(parsed.data.domain);
    if (!domain)
      return void errors.push({ row, path: ["domain"], message: `not a domain: ${parsed.data.domain}` });
    const parentRaw = parsed.data.parentDomain;
    const parentDomain = parentRaw ? normalizeDomain(parentRaw) : null;
    if (parentRaw && !parentDomain) {
      return void errors.push({ row, path: ["parentDomain"], message: `not a domain: ${parentRaw}` });
    }
    if (parentDomain === domain) {
      return void errors.push({
        row,
        path: ["parentDomain"],
        message: "an account cannot be its own parent",
      });
    }
    const earlier = seen.get(domain);
    if (earlier !== undefined) {
      return void errors.push({ row, path: ["domain"], message: `duplicate of row ${earlier} (${domain})` });
    }
    seen.set(domain, row);
    accounts.push({
      domain,
      name: parsed.data.name,
      normalizedName: normalizeCompanyName(parsed.data.name),
      ownerRepId: parsed.data.ownerRepId ?? null,
      parentDomain,
    });
  });
  return { accounts, errors };
}
