/**
 * Event-list rows (badge scans, webinar exports): which fields a row may carry, and which
 * rows can become leads. Pure: the server calls it on upload, the unit tests call it directly.
 */

/** Leads made from event lists carry this form id: not a valid config form id, so no collision. */
export const EVENT_FORM_ID = "event:list";

/** The lead fields a column can be mapped to, named as forms name them so rules read them alike. */
export const EVENT_FIELDS = [
  "email",
  "first_name",
  "last_name",
  "name",
  "company",
  "title",
  "phone",
  "country",
  "state",
  "postal_code",
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Rows one list may hold: a large trade show's scans, bounded so one upload fits a request. */
export const MAX_EVENT_ROWS = 5_000;
/** A cell longer than this is not a badge-scan value; the row is refused rather than truncated. */
export const MAX_CELL_CHARS = 500;

export type EventRowInput = { row: number; fields: Partial<Record<EventField, string>> };
export type AcceptedRow = { row: number; email: string; fields: Partial<Record<EventField, string>> };
export type RefusedRow = { row: number; reason: string; fields: Partial<Record<EventField, string>> };

// Loose on purpose (as a form's email check is): one "@", a dot in the host, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

/** The normalised email a row is known by, as intake normalises it: trimmed, lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * An event's identity across uploads: its name with case and spacing folded, so
 * "Web Summit 2026 " and "web summit 2026" are the same list.
 */
export const listIdentity = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

function problem(fields: EventRowInput["fields"]): string | null {
  for (const [key, value] of Object.entries(fields)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) return `unknown field "${key}"`;
    if (typeof value === "string" && value.length > MAX_CELL_CHARS)
      return `${key}: longer than ${MAX_CELL_CHARS} characters`;
  }
  const email = fields.email?.trim() ?? "";
  if (email === "") return "no email address";
  if (email.length > 254 || !EMAIL.test(email)) return `not an email address: ${email.slice(0, 80)}`;
  return null;
}

/** The row's cells trimmed, blank ones left out. */
function cleaned(fields: EventRowInput["fields"]): EventRowInput["fields"] {
  const out: EventRowInput["fields"] = {};
  for (const [key, value] of Object.entries(fields)) {
    const v = typeof value === "string" ? value.trim() : "";
    if (v !== "") out[key as EventField] = v;
  }
  return out;
}

/**
 * Splits a list into rows that can become leads and rows refused with a reason: no or a
 * malformed email, an unknown field, an overlong cell, or the same email as an earlier row
 * (a person scanned twice at one event is one lead). Every problem is reported at once, by
 * spreadsheet row, so an admin fixes the file in one pass. Inputs are not mutated.
 */
export function screenEventRows(rows: readonly EventRowInput[]): {
  accepted: AcceptedRow[];
  refused: RefusedRow[];
} {
  const accepted: AcceptedRow[] = [];
  const refused: RefusedRow[] = [];
  const firstRow = new Map<string, number>();
  for (const input of rows) {
    const fields = cleaned(input.fields);
    const why = problem(input.fields);
    if (why) {
      refused.push({ row: input.row, reason: why, fields });
      continue;
    }
    const email = normaliseEmail(fields.email!);
    const earlier = firstRow.get(email);
    if (earlier !== undefined) {
      refused.push({ row: input.row, reason: `same email as row ${earlier}`, fields });
      continue;
    }
    firstRow.set(email, input.row);
    accepted.push({ row: input.row, email, fields });
  }
  return { accepted, refused };
}
