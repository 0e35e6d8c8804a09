import { z } from "zod";
import type { Form, FormField } from "../config-doc";

/** Longest value accepted per field type when the config sets no maxLength. */
const DEFAULT_MAX_LENGTH: Record<FormField["type"], number> = {
  text: 500,
  email: 254,
  tel: 40,
  number: 40,
  textarea: 5000,
  select: 200,
  multiselect: 200,
  checkbox: 10,
  country: 100,
  hidden: 1000,
  url: 2048,
};

// Browsers post urlencoded forms as strings; an empty optional input means "no answer".
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function textSchema(field: FormField): z.ZodType<string> {
  const max = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
  const base = z.string().trim().min(1, "Required").max(max, `At most ${max} characters`);
  switch (field.type) {
    case "email":
      return base.pipe(z.email("Enter a valid email address"));
    case "url":
      return base.pipe(z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }));
    case "tel":
      return base.regex(/^[0-9+().\s/-]{3,}$/, "Enter a phone number");
    case "country":
      // Codes or names: the routing core normalises "Deutschland" and "de" alike.
      return base;
    default:
      return base;
  }
}

function fieldSchema(field: FormField): z.ZodType<unknown> {
  const options = field.options?.map((o) => o.value) ?? [];
  switch (field.type) {
    case "number":
      return z.coerce.number("Enter a number").refine(Number.isFinite, "Enter a number");
    case "checkbox":
      return z.union([
        z.boolean(),
        z.enum(["on", "true", "false", "1", "0"]).transform((v) => v !== "false" && v !== "0"),
      ]);
    case "select":
      return z
        .string()
        .refine((v) => options.includes(v), { message: `Choose one of: ${options.join(", ")}` });
    case "multiselect":
      return z
        .union([z.string(), z.array(z.string()).max(options.length)])
        .transform((v) => (Array.isArray(v) ? v : [v]))
        .refine((vs) => vs.every((v) => options.includes(v)), {
          message: `Choose from: ${options.join(", ")}`,
        });
    default:
      return textSchema(field);
  }
}

/**
 * The zod schema for a form's `fields`, built from its definition in the config. Unknown
 * keys are dropped rather than refused, because attach mode forwards whatever inputs the
 * host page's form has. Build it once per config version: it is pure in the form.
 */
export function submissionFieldsSchema(form: Form) {
  const shape: Record<string, z.ZodType<unknown>> = {};
  for (const field of form.fields) {
    const schema = z.preprocess(blankToUndefined, fieldSchema(field));
    shape[field.name] = field.required ? schema : schema.optional();
  }
  return z.object(shape);
}

/** The context a browser sends with a submission; every part optional and bounded. */
export const submissionContextSchema = z
  .object({
    pageUrl: z.string().max(2048).optional(),
    referrer: z.string().max(2048).optional(),
    source: z.string().max(200).optional(),
    utm: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.string().max(500)).optional(),
  })
  .strip();
