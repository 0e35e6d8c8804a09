import { z } from "zod";
import { ID_PATTERN } from "./patterns";

/**
 * Building blocks shared by every part of the routing config schema.
 *
 * Custom issues carry a stable machine code in `params.code`; `validateConfig` surfaces it
 * as `ConfigError.code`, so callers (dashboard, CI) can branch on it without parsing text.
 */

export { ID_PATTERN };

/** An id of a rep, team, rule, form, region, … (ID_PATTERN). */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, "Must be 1-64 chars of a-z, 0-9, '_' or '-', starting with a letter or digit")
  .describe("Unique id: 1-64 chars of a-z, 0-9, '_' or '-'.");

/** A short human-readable name, shown in the dashboard and in notifications. */
// `pattern` tells a JSON Schema editor what `trim()` makes the server refuse: a blank name.
export const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .meta({ pattern: "\\S" })
  .describe("Display name.");

// Segment-wise uppercase start keeps names canonical ("America/New_York", "Etc/GMT+5") and
// rejects UTC offsets such as "+01:00", which Intl accepts but which have no DST rules.
const IANA_ZONE_SHAPE = /^(UTC|[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*){0,2})$/;
const knownZones = new Map<string, boolean>();

/** True when `zone` is an IANA time zone name known to this runtime's ICU data. */
export function isIanaTimeZone(zone: string): boolean {
  if (!IANA_ZONE_SHAPE.test(zone)) return false;
  const cached = knownZones.get(zone);
  if (cached !== undefined) return cached;
  let known = true;
  try {
    // Constructing a formatter does no I/O; it only consults the bundled ICU zone table.
    new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions();
  } catch {
    known = false;
  }
  knownZones.set(zone, known);
  return known;
}

/** An IANA time zone name such as "Europe/Berlin". */
export const timeZoneSchema = z
  .string()
  .refine(isIanaTimeZone, {
    message: 'Unknown time zone; use an IANA name such as "Europe/Berlin"',
    params: { code: "invalid_timezone" },
  })
  .meta({ examples: ["America/New_York", "Europe/Berlin"] });

/** ISO 3166-1 alpha-2 country code, uppercase ("DE"). */
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'Must be an ISO 3166-1 alpha-2 country code such as "DE"');

/** ISO 3166-2 subdivision code ("US-CA", "GB-ENG"). */
export const subdivisionSchema = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'Must be an ISO 3166-2 subdivision code such as "US-CA"');

/** A lowercase BCP-47 primary language subtag ("en", "de", "pt"). */
export const languageSchema = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'Must be a lowercase BCP-47 primary language tag such as "en"');

/** A free-form vertical/industry tag used for skill matching ("saas", "fintech"). */
export const verticalSchema = z.string().regex(ID_PATTERN, "Must be a lowercase tag of a-z, 0-9, '_' or '-'");

/** An https URL; plain http is refused because these URLs are fetched or shown to visitors. */
// JSON Schema's `format: uri` accepts `javascript:`; the pattern says https only, as the server does.
export const httpsUrlSchema = z
  .url({ protocol: /^https$/, error: "Must be an https:// URL" })
  .meta({ pattern: "^[Hh][Tt][Tt][Pp][Ss]://" });

/** An email address. */
export const emailSchema = z.email();

// The widget posts from these origins; a path or trailing slash never matches an Origin
// header, so they are refused here rather than silently never matching. Plain http is only
// allowed for local development hosts.
const ORIGIN_PATTERN =
  /^(https:\/\/([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?|http:\/\/(localhost|127\.0\.0\.1|\[::1\]))(:\d{1,5})?$/;

/** A web origin (`https://host[:port]`, or `http://localhost[:port]` for development). */
export const originSchema = z
  .string()
  .regex(
    ORIGIN_PATTERN,
    'Must be an origin like "https://www.example.com" (no path or trailing slash; http only for localhost)',
  );

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight for an "HH:MM" string ("24:00" → 1440). */
export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A local wall-clock interval within one day; `end` may be "24:00" for end of day. */
export const intervalSchema = z
  .strictObject({
    start: z.string().regex(HHMM, "Must be HH:MM (00:00-23:59)").describe("Local start time, HH:MM."),
    end: z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Must be HH:MM (00:01-24:00)")
      .describe('Local end time, HH:MM; "24:00" means end of day.'),
  })
  .check((ctx) => {
    if (minutesOfDay(ctx.value.end) <= minutesOfDay(ctx.value.start)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value.end,
        path: ["end"],
        message: `End ${ctx.value.end} must be after start ${ctx.value.start}`,
        params: { code: "end_before_start" },
      });
    }
  })
  .meta({ id: "Interval", description: "A local wall-clock interval within one day." });

/** The intervals of one day: at most 12, non-overlapping (touching is fine). */
export const dayHoursSchema = z
  .array(intervalSchema)
  .max(12)
  .check((ctx) => {
    // Sort a copy of the indices: the input is never reordered, and the error points at
    // the interval as the admin wrote it.
    const order = ctx.value.map((_, i) => i);
    order.sort((a, b) => minutesOfDay(ctx.value[a]!.start) - minutesOfDay(ctx.value[b]!.start));
    for (let k = 1; k < order.length; k++) {
      const prev = ctx.value[order[k - 1]!]!;
      const cur = ctx.value[order[k]!]!;
      if (minutesOfDay(cur.start) < minutesOfDay(prev.end)) {
        ctx.issues.push({
          code: "custom",
          input: cur,
          path: [order[k]!],
          message: `Overlaps ${prev.start}-${prev.end}`,
          params: { code: "hours_overlap" },
        });
      }
    }
  });

/**
 * JSON Schema for "at least one of these array properties is present and non-empty", the
 * `empty_territory` / `empty_skills` checks said so that editors refuse what the server does.
 */
export function nonEmptyOneOf(keys: readonly string[]): Record<string, unknown>[] {
  return keys.map((key) => ({ properties: { [key]: { minItems: 1 } }, required: [key] }));
}

/** Adds a custom issue with a stable code; keeps refinement bodies short. */
export function issue(
  ctx: { issues: z.core.$ZodRawIssue[]; value: unknown },
  path: PropertyKey[],
  code: string,
  message: string,
): void {
  ctx.issues.push({ code: "custom", input: ctx.value, path, message, params: { code } });
}

/** Reports every later occurrence of a duplicated key at `[index, ...field]`. */
export function reportDuplicates<T>(
  ctx: { issues: z.core.$ZodRawIssue[]; value: unknown },
  items: readonly T[],
  key: (item: T) => string | number | undefined,
  field: PropertyKey[],
  what: string,
): void {
  const seen = new Map<string | number, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else issue(ctx, [i, ...field], "duplicate", `Duplicate ${what} "${k}" (first at index ${first})`);
  });
}

// "{{ lead.company }}"-style placeholders, filled by the notifier and the widget. Only these
// roots exist at render time, so anything else is a typo the admin should hear about now.
const PLACEHOLDER = /\{\{\s*(lead|rep|team|org)(\.[a-zA-Z0-9_]+)+\s*\}\}/g;

/** A text template whose `{{ root.path }}` placeholders use the roots lead, rep, team or org. */
export function templateSchema(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .check((ctx) => {
      if (ctx.value.replace(PLACEHOLDER, "").includes("{{")) {
        issue(
          ctx,
          [],
          "invalid_template",
          "Placeholders look like {{lead.company}}, {{rep.name}}, {{team.name}} or {{org.name}}",
        );
      }
    });
}
