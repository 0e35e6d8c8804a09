/**
 * The browser side of an event-list upload (badge scans, webinar exports): guess which column
 * holds which lead field, check the file before sending it, and turn rows into the API's rows.
 * Pure, so the mapping is unit tested without a browser. The CSV itself is read by the same
 * reader as the accounts import (`parseCsv` in csv-import.ts).
 */
import type { EventListCreate } from "../../../worker/event-lists/contract";
import { columnsChosenTwice, guessColumns, sheetRow } from "./csv-import";

/** The API's lead fields, with labels; only email is required. */
export const EVENT_FIELDS = [
  { field: "email", label: "Email", required: true },
  { field: "first_name", label: "First name", required: false },
  { field: "last_name", label: "Last name", required: false },
  { field: "name", label: "Full name", required: false },
  { field: "company", label: "Company", required: false },
  { field: "title", label: "Job title", required: false },
  { field: "phone", label: "Phone", required: false },
  { field: "country", label: "Country", required: false },
  { field: "state", label: "State / region", required: false },
  { field: "postal_code", label: "Postal code", required: false },
] as const;
export type EventFieldName = (typeof EVENT_FIELDS)[number]["field"];

/** Field → CSV column, or "" for "not in this file". */
export type EventMapping = Record<EventFieldName, string>;

/** The server's limits (worker/event-lists/contract.ts and core/event-lists/rows.ts), checked before upload. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_ROWS = 5_000;

/** Header spellings seen in badge-scanner and webinar exports (Zoom, ON24, Cvent, Eventbrite), squashed. */
const SYNONYMS: Record<EventFieldName, string[]> = {
  email: ["email", "emailaddress", "workemail", "businessemail", "attendeeemail", "registrantemail", "mail"],
  first_name: ["firstname", "first", "givenname", "forename"],
  last_name: ["lastname", "last", "surname", "familyname"],
  name: ["name", "fullname", "attendeename", "attendee", "registrantname", "contactname"],
  company: ["company", "companyname", "organization", "organisation", "account", "employer", "org"],
  title: ["title", "jobtitle", "position", "role"],
  phone: ["phone", "phonenumber", "mobile", "telephone", "tel", "workphone"],
  country: ["country", "countryregion", "countrycode", "countryname"],
  state: ["state", "province", "region", "stateprovince", "county"],
  postal_code: ["postalcode", "zip", "zipcode", "postcode"],
};

export const guessEventMapping = (columns: readonly string[]): EventMapping =>
  guessColumns(EVENT_FIELDS, SYNONYMS, columns);

/** What blocks the upload: no email column, or one column chosen for two fields. */
export function eventMappingProblems(mapping: EventMapping): string[] {
  const missing = mapping.email
    ? []
    : ["Choose the column that holds the email address: every lead needs one."];
  return [...missing, ...columnsChosenTwice(EVENT_FIELDS, mapping)];
}

/** Why a file cannot be uploaded at all, before it is parsed or after; null when it can. */
export function fileProblem(bytes: number, rows?: number): string | null {
  if (bytes > MAX_FILE_BYTES)
    return `That file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB. Split it into smaller lists.`;
  if (rows === 0) return "That file has a header row but no people under it.";
  if (rows !== undefined && rows > MAX_ROWS)
    return `That file has ${rows.toLocaleString("en")} rows; one list takes at most ${MAX_ROWS.toLocaleString("en")}. Split it.`;
  return null;
}

/** The API's rows: mapped cells only, numbered as the spreadsheet shows them (header = row 1). */
export function toEventRows(
  rows: readonly Record<string, string>[],
  mapping: EventMapping,
): EventListCreate["rows"] {
  return rows.map((row, i) => {
    const fields: Record<string, string> = {};
    for (const { field } of EVENT_FIELDS) {
      const col = mapping[field];
      if (col) fields[field] = (row[col] ?? "").trim();
    }
    return { row: sheetRow(i), fields };
  });
}

/** "web-summit-2026_scans.csv" → "web summit 2026 scans": a list name to start from. */
export function listNameFrom(fileName: string): string {
  return fileName
    .replace(/\.[a-z0-9]+$/i, "")
    .replace(/[_-]+/g, " ")
    .trim();
}
