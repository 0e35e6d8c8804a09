/**
 * Test oracle: lead normalisation and the place and company-name keys written the
 * straightforward way, as they were before the fast paths in worker/core (precomputed and
 * memoised fact keys, plain-ASCII shortcuts). leads-fast-paths.test.ts checks that the
 * fast code gives exactly these results. Do not optimise this file.
 */
import type { Form, RoutingConfig } from "../../worker/core/config";
import {
  normalizeCountry,
  normalizePostalCode,
  normalizeSubdivision,
  parseAmount,
  parseEmail,
  type FactValue,
  type LeadFacts,
  type LeadInput,
  type TraceNote,
} from "../../worker/core/leads";

// Conventional field names, tried in order when the form has no field of the matching type.
const FIELD_NAMES = {
  email: ["email", "work_email", "email_address"],
  company: ["company", "company_name", "companyName", "organization", "organisation"],
  country: ["country", "country_code", "countryCode"],
  subdivision: ["state", "province", "subdivision", "state_code", "stateCode"],
  postal: ["postal_code", "postalCode", "zip", "zip_code", "zipcode", "postcode"],
  employees: ["employees", "employee_count", "company_size", "companySize", "num_employees", "headcount"],
  revenue: ["revenue", "annual_revenue", "annualRevenue"],
} as const;

type Facts = Record<string, FactValue>;

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

/** The first present string among the form's typed field and the conventional names. */
function pick(facts: Facts, names: readonly string[], typed?: string): string | undefined {
  for (const name of typed ? [typed, ...names] : names) {
    const v = facts[`fields.${name}`];
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return undefined;
}

function addEmail(facts: Facts, form: Form | undefined, notes: TraceNote[]): void {
  // The form's first required email field is the lead's identity (see the form schema).
  const typed = form?.fields.find((f) => f.type === "email" && f.required)?.name;
  const raw = pick(facts, FIELD_NAMES.email, typed);
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
  input: LeadInput,
  config: RoutingConfig,
  form: Form | undefined,
  notes: TraceNote[],
): void {
  const typed = form?.fields.find((f) => f.type === "country")?.name;
  const raw = pick(facts, FIELD_NAMES.country, typed);
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
  addLocation(facts, country, fromGeo ? input.geo : undefined, notes);
}

/** Subdivision and postal code from the form, or from geo when the country came from geo too. */
function addLocation(facts: Facts, country: string, geo: LeadInput["geo"], notes: TraceNote[]): void {
  const rawSub = pick(facts, FIELD_NAMES.subdivision) ?? geo?.region;
  const subdivision = rawSub === undefined ? null : normalizeSubdivision(rawSub, country);
  if (subdivision) {
    facts.subdivision = subdivision;
    if (rawSub === geo?.region)
      notes.push({ fact: "subdivision", kind: "inferred", message: "From the request's location" });
  }
  const rawPostal = pick(facts, FIELD_NAMES.postal) ?? geo?.postalCode;
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
  fact: "employees" | "revenue",
  names: readonly string[],
  notes: TraceNote[],
): void {
  const raw = names.map((n) => facts[`fields.${n}`]).find((v) => v !== undefined);
  if (raw === undefined) return;
  const n = parseAmount(raw);
  if (n === null) notes.push({ fact, kind: "unrecognized", message: `"${String(raw)}" is not a number` });
  else facts[fact] = n;
}

function addContext(facts: Facts, context: LeadInput["context"]): void {
  const utm = { ...utmFromUrl(context?.pageUrl), ...context?.utm };
  for (const [key, value] of Object.entries(utm)) {
    const name = key.toLowerCase().replace(/^utm_/, "");
    const v = typeof value === "string" ? value.trim() : "";
    if (v && /^[a-z0-9_]{1,64}$/.test(name)) facts[`utm.${name}`] = v;
  }
  const source = context?.source?.trim() || pick(facts, ["source"]);
  if (source) facts.source = source;
  if (context?.pageUrl) facts.page_url = context.pageUrl;
  if (context?.referrer) facts.referrer = context.referrer;
}

/** utm_* parameters of the page URL, for embeds that do not pass them explicitly. */
function utmFromUrl(pageUrl: string | undefined): Record<string, string> {
  if (!pageUrl?.includes("utm_")) return {};
  try {
    const params = new URL(pageUrl).searchParams;
    return Object.fromEntries([...params].filter(([k]) => k.startsWith("utm_")));
  } catch {
    return {};
  }
}

/** `normalizeLead` as it was written before the fast paths. */
export function referenceNormalizeLead(
  input: LeadInput,
  config: RoutingConfig,
  formId: string,
): { facts: LeadFacts; notes: TraceNote[] } {
  const facts: Facts = { form_id: formId };
  const notes: TraceNote[] = [];
  for (const [name, value] of Object.entries(input.fields)) {
    const v = factValue(value);
    if (v !== undefined) facts[`fields.${name}`] = v;
  }
  const form = config.forms.find((f) => f.id === formId);
  addEmail(facts, form, notes);
  const company = pick(facts, FIELD_NAMES.company);
  if (company) facts.company = company;
  addCountry(facts, input, config, form, notes);
  addNumber(facts, "employees", FIELD_NAMES.employees, notes);
  addNumber(facts, "revenue", FIELD_NAMES.revenue, notes);
  addContext(facts, input.context);
  return { facts, notes };
}

/** `placeKey` without its plain-ASCII shortcut. */
export function referencePlaceKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// A copy of worker/core/accounts/normalize.ts's list.
const LEGAL_SUFFIXES = new Set([
  "inc",
  "incorporated",
  "llc",
  "ltd",
  "limited",
  "plc",
  "corp",
  "corporation",
  "co",
  "company",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "aps",
  "kg",
  "pty",
  "pvt",
  "kk",
  "sl",
  "lp",
  "llp",
  "se",
]);

/** `normalizeCompanyName` without its plain-ASCII shortcut. */
export function referenceCompanyName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/(\p{L})\.(?=\p{L})/gu, "$1")
    .replace(/&/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}
