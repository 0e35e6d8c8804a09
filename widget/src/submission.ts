import { t } from "./i18n";
import type { BatonRequestError } from "./api";
import type { FieldValue, FormField, SubmissionRequest } from "./types";

/** Initial values: hidden fields take a same-named query parameter (e.g. `utm_source`). */
export function initialValues(fields: FormField[], search: string): Record<string, FieldValue> {
  const params = new URLSearchParams(search);
  const values: Record<string, FieldValue> = {};
  for (const f of fields) {
    if (f.type === "hidden") values[f.name] = params.get(f.name) ?? "";
  }
  return values;
}

/**
 * The submission body. Empty answers are left out rather than sent as "", so that an
 * optional field stays absent for the rules; numbers go as numbers.
 */
export function submissionBody(
  fields: FormField[],
  values: Record<string, FieldValue>,
  honeypot: { name: string; value: string } | null,
  page: { pageUrl: string; referrer: string },
): SubmissionRequest {
  const out: SubmissionRequest["fields"] = {};
  for (const f of fields) {
    const value = values[f.name];
    if (Array.isArray(value)) {
      if (value.length) out[f.name] = value;
    } else if (typeof value === "boolean") {
      if (value) out[f.name] = true;
    } else if (value !== undefined && value.trim() !== "") {
      out[f.name] = f.type === "number" ? Number(value) : value.trim();
    }
  }
  // Only a bot fills the honeypot; send it so that the server can discard the lead quietly.
  if (honeypot?.value) out[honeypot.name] = honeypot.value;
  return { fields: out, context: page };
}

/**
 * A 422 `validation_failed` mapped onto the form's visible fields (`path` is
 * `["fields", name]`); errors on anything else are left to the form-level message.
 */
export function serverErrors(err: BatonRequestError, fields: FormField[]): Record<string, string> {
  const out: Record<string, string> = {};
  const list: unknown = err.body.details?.errors;
  if (err.status !== 422 || err.body.code !== "validation_failed" || !Array.isArray(list)) return out;
  for (const e of list as { path?: unknown[]; message?: unknown }[]) {
    const name = e?.path?.[0] === "fields" ? e.path[1] : undefined;
    const field = fields.find((f) => f.name === name && f.type !== "hidden");
    if (field && !out[field.name])
      out[field.name] = typeof e.message === "string" ? e.message : t("checkField", { label: field.label });
  }
  return out;
}
