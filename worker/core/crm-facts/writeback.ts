/**
 * What Baton writes to the CRM for a lead: mapped form fields, source and UTM. Pure, so the
 * same lead always produces the same properties (a retry rewrites the same values).
 */

/** Form field name → CRM property name, set on the Integrations screen. */
export type FieldMapping = Readonly<Record<string, string>>;

const MAX_VALUE = 1000;

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? value.trim().slice(0, MAX_VALUE) : null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(";");
  return null;
}

/** The properties of one lead's contact. `email` is never mapped: it is the upsert key. */
export function contactProperties(
  lead: {
    fields: Readonly<Record<string, unknown>>;
    context?: { utm?: Readonly<Record<string, unknown>>; pageUrl?: unknown } | null;
  },
  mapping: FieldMapping,
  source: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, property] of Object.entries(mapping)) {
    const value = text(lead.fields[field]);
    if (value !== null && property !== "email") out[property] = value;
  }
  // "utm_source" and "source" are the same parameter, as in normalizeLead.
  const utm = lead.context?.utm ?? {};
  // HubSpot's own analytics properties are read-only; these custom ones are documented for admins.
  out.baton_source = source;
  for (const name of ["source", "medium", "campaign"] as const) {
    const value = text(utm[name] ?? utm[`utm_${name}`]);
    if (value) out[`baton_utm_${name}`] = value;
  }
  return out;
}
