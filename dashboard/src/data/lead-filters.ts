/**
 * The lead list's filters as they stand in the hash URL (`#/leads?status=routed&q=acme`), so
 * a reload, a shared link or the back button brings the same list back. Pure: no DOM.
 */
import type { LeadFilters } from "../data-api";
import { dayBounds } from "./format";

export const LEAD_FILTER_KEYS = ["q", "status", "teamId", "repId", "from", "to"] as const;

/** What the filter inputs hold; `from` and `to` are `YYYY-MM-DD` date-input values. */
export type LeadFilterForm = Record<(typeof LEAD_FILTER_KEYS)[number], string>;

export const NO_LEAD_FILTERS: LeadFilterForm = { q: "", status: "", teamId: "", repId: "", from: "", to: "" };

/** The form from the hash's query; unknown keys are ignored, missing ones are blank. */
export function leadFilterForm(query: Readonly<Record<string, string>>): LeadFilterForm {
  const form = { ...NO_LEAD_FILTERS };
  for (const key of LEAD_FILTER_KEYS) form[key] = query[key]?.trim() ?? "";
  return form;
}

/** The hash for a form: blank filters are left out, so no filter at all is plain `#/leads`. */
export function leadListHash(form: LeadFilterForm): string {
  const query = new URLSearchParams();
  for (const key of LEAD_FILTER_KEYS) {
    const value = form[key].trim();
    if (value) query.set(key, value);
  }
  const search = query.toString();
  return search ? `#/leads?${search}` : "#/leads";
}

/** What the admin API filters on: whole UTC days for the dates, blanks left out. */
export function leadApiFilters(form: LeadFilterForm): LeadFilters {
  const { from, to, ...rest } = form;
  const out: LeadFilters = {};
  for (const [key, value] of Object.entries(rest) as [keyof typeof rest, string][])
    if (value.trim()) out[key] = value.trim();
  return { ...out, ...dayBounds(from, to) };
}
