import type { Form, RoutingConfig } from "../config-doc";
import { parseEmail } from "./email";
import { parseAmount } from "./numbers";
import { normalizeCountry, normalizePostalCode, normalizeSubdivision } from "./places";
import type { FactValue, LeadFacts, LeadInput, TraceNote } from "./types";

// Conventional field names, tried in order when the form has no field of the matching type.
const FIELD_NAMES = {
  email: ["email", "work_email", "email_address"],
  company: ["company", "company_name", "companyName", "organization", "organisation"],
  country: ["country", "country_code", "countryCode"],
  subdivision: ["state", "province", "subdivision", "state_code", "stateCode"],
  postal: ["postal_code", "postalCode", "zip", "zip_code", "zipcode", "postcode"],
  employees: ["employees", "employee_count", "company_size", "companySize", "num_employees", "headcount"],
  revenue: ["revenue", "annual_revenue", "annualRevenue"],
  source: ["source"],
} as const;

type Facts = Record<string, FactValue>;
/** The lead's present fields by name: what the conventional-name lookups read. */
type Fields = ReadonlyMap<string, FactValue>;

/**
 * `compute` remembered for up to `max` distinct keys. Fact keys are built from a form's few
 * field names, and building and hashing them per lead was a large share of normalisation's cost;
 * the bound keeps arbitrary field names from growing the cache. Results depend only on the key.
 */
function memo<T>(compute: (key: string) => T, max = 1_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    if (cache.size < max) cache.set(key, value);
    return value;
  };
}

const fieldKey = memo((name) => `fields.${name}`);

/** "utm_Medium" and "medium" → "utm.medium"; null when the name is not a plain identifier. */
const utmKey = memo((key) => {
  const name = key.toLowerCase().replace(/^utm_/, "");
  return /^[a-z0-9_]{1,64}$/.test(name) ? `utm.${name}` : null;
});

/** A field's value as a fact: trimmed non-empty strings, finite numbers, booleans, string lists. */
function factValue(value: unknown): FactValue | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const items = value.filter((v): v is string => typeof v === "string").map((v) => v.trim());
    const kept = items.filter(Boolean);
    return kept.length ? kept : undefined;
  }
  return undefined;
}

/** A string or number field as a string. */
function text(v: FactValue | undefined): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/** The first present string among the form's typed field and the conventional names. */
function pick(fields: Fields, names: readonly string[], typed?: string): string | undefined {
  // Looked up by bare name in a Map: building `fields.${name}` keys per lookup was the largest
  // share of normalisation's cost in the routing benchmark.
  if (typed) {
    const v = text(fields.get(typed));
    if (v !== undefined) return v;
  }
  for (const name of names) {
    const v = text(fields.get(name));
    if (v !== undefined) return v;
  }
  return undefined;
}

function addEmail(facts: Facts, fields: Fields, form: Form | undefined, notes: TraceNote[]): void {
  // The form's first required email field is the lead's identity (see the form schema).
  const typed = form?.fields.find((f) => f.type === "email" && f.required)?.name;
  const raw = pick(fields, FIELD_NAMES.email, typed);
  if (raw === undefined) return;
  const email = parseEmail(raw);
  if (!email) {
    notes.push({ fact: "email", kind: "unrecognized", message: `"${raw}" is not an email address` });
    return;
  }
  facts.email = email.email;
  facts.email_host = email.host;
  if (email.domain) facts.email_domain = email.domain;
  facts.is_free_email = email.isFree;
  facts.is_disposable = email.isDisposable;
  facts.is_role = email.isRole;
}

function addCountry(
  facts: Facts,
  fields: Fields,
  input: LeadInput,
  config: RoutingConfig,
  form: Form | undefined,
  notes: TraceNote[],
): void {
  const typed = form?.fields.find((f) => f.type === "country")?.name;
  const raw = pick(fields, FIELD_NAMES.country, typed);
  let country = raw === undefined ? null : normalizeCountry(raw);
  if (raw !== undefined && !country) {
    notes.push({ fact: "country", kind: "unrecognized", message: `"${raw}" is not a country Baton knows` });
  }
  let fromGeo = false;
  if (!country && input.geo?.country) {
    country = normalizeCountry(input.geo.country);
    fromGeo = country !== null;
    if (fromGeo)
      notes.push({
        fact: "country",
        kind: "inferred",
        message: "From the request's location; the form gave none",
      });
  }
  if (!country && config.org.defaultCountry) {
    country = config.org.defaultCountry;
    notes.push({
      fact: "country",
      kind: "inferred",
      message: "The organisation's default country; neither the form nor the request gave one",
    });
  }
  if (!country) return;
  facts.country = country;
  const regions = config.regions.filter((r) => r.countries.includes(country)).map((r) => r.id);
  if (regions.length) facts.region = regions;
  addLocation(facts, fields, country, fromGeo ? input.geo : undefined, notes);
}

/** Subdivision and postal code from the form, or from geo when the country came from geo too. */
function addLocation(
  facts: Facts,
  fields: Fields,
  country: string,
  geo: LeadInput["geo"],
  notes: TraceNote[],
): void {
  const rawSub = pick(fields, FIELD_NAMES.subdivision) ?? geo?.region;
  const subdivision = rawSub === undefined ? null : normalizeSubdivision(rawSub, country);
  if (subdivision) {
    facts.subdivision = subdivision;
    if (rawSub === geo?.region)
      notes.push({ fact: "subdivision", kind: "inferred", message: "From the request's location" });
  }
  const rawPostal = pick(fields, FIELD_NAMES.postal) ?? geo?.postalCode;
  const postal = rawPostal === undefined ? null : normalizePostalCode(rawPostal, country);
  if (postal) {
    facts.postal_code = postal;
    if (rawPostal === geo?.postalCode)
      notes.push({ fact: "postal_code", kind: "inferred", message: "From the request's location" });
  } else if (rawPostal !== undefined) {
    notes.push({ fact: "postal_code", kind: "unrecognized", message: `"${rawPostal}" is not a postal code` });
  }
}

function addNumber(
  facts: Facts,
  fields: Fields,
  fact: "employees" | "revenue",
  names: readonly string[],
  notes: TraceNote[],
): void {
  let raw: FactValue | undefined;
  for (let i = 0; raw === undefined && i < names.length; i++) raw = fields.get(names[i]!);
  if (raw === undefined) return;
  const n = parseAmount(raw);
  if (n === null) notes.push({ fact, kind: "unrecognized", message: `"${String(raw)}" is not a number` });
  else facts[fact] = n;
}

function addContext(facts: Facts, fields: Fields, context: LeadInput["context"]): void {
  const fromUrl = utmFromUrl(context?.pageUrl);
  // Explicit UTM values win over the page URL's; later keys that normalise alike win.
  const utm = fromUrl ? { ...fromUrl, ...context?.utm } : context?.utm;
  if (utm)
    for (const [key, value] of Object.entries(utm)) {
      const v = typeof value === "string" ? value.trim() : "";
      const fact = v ? utmKey(key) : null;
      if (fact) facts[fact] = v;
    }
  const source = context?.source?.trim() || pick(fields, FIELD_NAMES.source);
  if (source) facts.source = source;
  if (context?.pageUrl) facts.page_url = context.pageUrl;
  if (context?.referrer) facts.referrer = context.referrer;
}

/** utm_* parameters of the page URL, for embeds that do not pass them explicitly. */
function utmFromUrl(pageUrl: string | undefined): Record<string, string> | undefined {
  if (!pageUrl?.includes("utm_")) return undefined;
  try {
    const params = new URL(pageUrl).searchParams;
    return Object.fromEntries([...params].filter(([k]) => k.startsWith("utm_")));
  } catch {
    return undefined;
  }
}

/**
 * Turns a submission into the facts rules test. Pure: it reads only its arguments.
 * Derived facts (see `DERIVED_FACTS`) sit beside every field as `fields.<name>`; `notes`
 * says which facts were inferred rather than given, and which values were not understood.
 */
export function normalizeLead(
  input: LeadInput,
  config: RoutingConfig,
  formId: string,
): { facts: LeadFacts; notes: TraceNote[] } {
  const facts: Facts = { form_id: formId };
  const notes: TraceNote[] = [];
  const fields = new Map<string, FactValue>();
  for (const [name, value] of Object.entries(input.fields)) {
    const v = factValue(value);
    if (v === undefined) continue;
    fields.set(name, v);
    facts[fieldKey(name)] = v;
  }
  const form = config.forms.find((f) => f.id === formId);
  addEmail(facts, fields, form, notes);
  const company = pick(fields, FIELD_NAMES.company);
  if (company) facts.company = company;
  addCountry(facts, fields, input, config, form, notes);
  addNumber(facts, fields, "employees", FIELD_NAMES.employees, notes);
  addNumber(facts, fields, "revenue", FIELD_NAMES.revenue, notes);
  addContext(facts, fields, input.context);
  return { facts, notes };
}
