/** Display helpers shared by the data screens. Pure: no DOM, no clock. */

/** The API speaks epoch milliseconds in some places and ISO strings in others. */
export function toDate(value: number | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dayOnly = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

export function formatWhen(value: number | string | null | undefined): string {
  const d = toDate(value);
  return d ? dateTime.format(d) : "—";
}

/** A bucket date ("2026-05-04", a date in the org's calendar) as a short axis label. */
export function formatDay(isoDate: string): string {
  const d = toDate(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return d ? dayOnly.format(d) : isoDate;
}

/** 0.4567 → "45.7%"; null → "—". */
export function percent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

/** Minutes as an admin reads them: "45 min", "3 h 5 min", "2 d 4 h". */
export function duration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return "—";
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const h = Math.round(m / 60);
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`;
}

/** "no_show" → "No show", "lead.routed" → "Lead routed", "repId" → "Rep id". */
export function humanize(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[._-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

/** A field value as plain text; objects are shown compactly rather than as "[object Object]". */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(fieldText).join(", ");
  return JSON.stringify(value);
}

/** The person's name from a lead's fields: `name`, or first and last name. */
export function leadName(fields: Record<string, unknown>): string | null {
  const name = fields.name ?? fields.full_name;
  if (typeof name === "string" && name.trim()) return name.trim();
  const parts = [fields.first_name, fields.last_name].filter(
    (p): p is string => typeof p === "string" && !!p,
  );
  return parts.length ? parts.join(" ").trim() : null;
}

/** `YYYY-MM-DD` of a date input → the ISO bounds the API filters on (whole UTC days). */
export function dayBounds(from: string, to: string): { from?: string; to?: string } {
  return {
    from: from ? `${from}T00:00:00.000Z` : undefined,
    to: to ? `${to}T23:59:59.999Z` : undefined,
  };
}
