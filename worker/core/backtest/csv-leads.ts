import { readCsvTable } from "../csv/read-table";
import type { BacktestLead } from "./types";

const CONTEXT_COLUMNS: Record<string, "source" | "pageUrl" | "referrer"> = {
  source: "source",
  page_url: "pageUrl",
  referrer: "referrer",
};

export type CsvLeadsResult =
  | { ok: true; leads: BacktestLead[] }
  | { ok: false; errors: { row: number; message: string }[] };

/**
 * Reads leads from a CSV with a header row, as a spreadsheet exports them: `lead_id` (or `id`)
 * and `form_id` are optional, `utm_*`, `source`, `page_url` and `referrer` become the lead's
 * context, and every other column is a form field. Empty cells are left out, as an unanswered
 * field is. Rows are numbered from 1 in errors, as a spreadsheet shows them.
 */
export function leadsFromCsv(
  text: string,
  defaultFormId: string | undefined,
  maxRows: number,
): CsvLeadsResult {
  const table = readCsvTable(text);
  if (table.rows.length > maxRows)
    return { ok: false, errors: [{ row: 0, message: `At most ${maxRows} rows; got ${table.rows.length}` }] };
  if (table.columns.length === 0 || table.columns.every((c) => !c.trim()))
    return { ok: false, errors: [{ row: 0, message: "The CSV has no header row" }] };
  if (table.errors.length) return { ok: false, errors: table.errors.slice(0, 50) };
  const errors: { row: number; message: string }[] = [];
  const leads = table.rows.map((record, i): BacktestLead => {
    const fields: Record<string, unknown> = {};
    const utm: Record<string, string> = {};
    const context: NonNullable<BacktestLead["input"]["context"]> = {};
    let leadId = `csv-${i + 1}`;
    let formId = defaultFormId;
    for (const [column, raw] of Object.entries(record)) {
      const name = column.trim();
      const value = raw.trim();
      if (!name || !value) continue;
      const lower = name.toLowerCase();
      if (lower === "lead_id" || lower === "id") leadId = value;
      else if (lower === "form_id") formId = value;
      else if (lower.startsWith("utm_")) utm[lower.slice(4)] = value;
      else if (lower in CONTEXT_COLUMNS) context[CONTEXT_COLUMNS[lower]!] = value;
      else fields[name] = value;
    }
    if (!formId) errors.push({ row: i + 1, message: "No form_id in the row and no formId given" });
    if (Object.keys(utm).length) context.utm = utm;
    const email = typeof fields.email === "string" ? fields.email : undefined;
    return {
      leadId,
      formId: formId ?? "",
      ...(email ? { email } : {}),
      input: { fields, ...(Object.keys(context).length ? { context } : {}) },
    };
  });
  return errors.length ? { ok: false, errors: errors.slice(0, 50) } : { ok: true, leads };
}
