/**
 * The Salesforce record Baton writes for a lead (Lead or Contact) and the Event description
 * for a booking. Pure, so the same lead always produces the same fields and a retry rewrites
 * the same values.
 */

export type SalesforceRecordSettings = {
  object: "Lead" | "Contact";
  fieldMapping: Readonly<Record<string, string>>;
  leadSource: string;
  utmFields: Readonly<{ source?: string; medium?: string; campaign?: string }>;
};

type LeadLike = {
  email: string;
  fields: Readonly<Record<string, unknown>>;
  context?: { utm?: Readonly<Record<string, unknown>> } | null;
};

const MAX_VALUE = 255;

function text(value: unknown, max = MAX_VALUE): string | null {
  if (typeof value === "string") return value.trim() ? value.trim().slice(0, max) : null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(";").slice(0, max);
  return null;
}

/** The first non-empty of these form fields (forms name them differently). */
const firstOf = (fields: LeadLike["fields"], names: readonly string[]) =>
  names.map((n) => text(fields[n])).find((v) => v !== null) ?? null;

/**
 * Fields of the lead's record. LastName (and Company for a Lead) are required by Salesforce,
 * so they fall back to the email's local part and domain rather than fail the write.
 */
export function salesforceRecordFields(lead: LeadLike, s: SalesforceRecordSettings): Record<string, string> {
  const [local = "", domain = ""] = lead.email.split("@");
  const out: Record<string, string> = {};
  const first = firstOf(lead.fields, ["first_name", "firstname", "firstName"]);
  if (first) out.FirstName = first.slice(0, 40);
  out.LastName =
    (firstOf(lead.fields, ["last_name", "lastname", "lastName"]) ?? local).slice(0, 80) || "Unknown";
  if (s.object === "Lead") {
    out.Company =
      firstOf(lead.fields, ["company", "company_name", "organization"]) ?? (domain || "[not provided]");
    out.LeadSource = s.leadSource;
  }
  for (const [field, target] of Object.entries(s.fieldMapping)) {
    const value = text(lead.fields[field]);
    if (value !== null && target.toLowerCase() !== "email" && target.toLowerCase() !== "ownerid")
      out[target] = value;
  }
  // "utm_source" and "source" are the same parameter, as in normalizeLead.
  const utm = lead.context?.utm ?? {};
  for (const name of ["source", "medium", "campaign"] as const) {
    const target = s.utmFields[name];
    const value = text(utm[name] ?? utm[`utm_${name}`]);
    if (target && value) out[target] = value;
  }
  out.Email = lead.email;
  return out;
}

/** The Event description: who booked through Baton, then the form answers the admin chose. */
export function eventDescription(
  lead: { id: string; fields: Readonly<Record<string, unknown>> },
  chosen: readonly string[],
): string {
  const lines = [`Booked through Baton (lead ${lead.id}).`];
  for (const name of chosen) {
    const value = text(lead.fields[name], 2000);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  // Description is a 32,000-character textarea.
  return lines.join("\n").slice(0, 32_000);
}
