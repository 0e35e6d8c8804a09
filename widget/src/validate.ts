import { t } from "./i18n";
import type { FieldValue, FormField } from "./types";

// Deliberately loose: the server is the judge. This only catches typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isEmpty(value: FieldValue | undefined): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "boolean") return !value;
  return (value ?? "").trim() === "";
}

/** One field's problem in words a visitor can act on, or null when it is fine. */
export function fieldError(field: FormField, value: FieldValue | undefined): string | null {
  if (isEmpty(value)) return field.required ? t("required", { label: field.label }) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (field.maxLength !== undefined && text.length > field.maxLength) {
    return t("tooLong", { label: field.label, max: field.maxLength });
  }
  if (field.type === "email" && !EMAIL.test(text)) return t("badEmail");
  if (field.type === "number" && !Number.isFinite(Number(text)))
    return t("notNumber", { label: field.label });
  if (field.type === "url" && !/^https?:\/\/\S+\.\S+/i.test(text)) return t("badUrl");
  return null;
}

/** Errors by field name; an empty object means the form may be sent. */
export function validate(fields: FormField[], values: Record<string, FieldValue>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    if (field.type === "hidden") continue;
    const error = fieldError(field, values[field.name]);
    if (error) errors[field.name] = error;
  }
  return errors;
}
