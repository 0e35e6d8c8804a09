/**
 * The intake wire shapes, declared once: the routes validate and document with them, the
 * services return their inferred types, and the widget imports the types (type-only).
 */
import { z } from "@hono/zod-openapi";
import { SlotSchema } from "../booking/contract";
import { formFieldSchema, formSchema } from "../core/config-doc";
import { ID_PATTERN } from "../core/config-doc/patterns";
import { LANGUAGES } from "../core/i18n/format";

/** `:formId` in the public and server-to-server intake paths. */
export const FormIdParam = z.object({
  formId: z
    .string()
    .regex(ID_PATTERN)
    .openapi({ param: { name: "formId", in: "path" }, example: "demo" }),
});

/** GET /v1/forms/:formId: only what a browser needs to render the form. */
export const PublicFormSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fields: z.array(formFieldSchema),
    honeypotField: z.string().nullable(),
    turnstile: z.object({ enabled: z.boolean(), siteKey: z.string().nullable() }),
    noSlotMessage: z.string(),
    theme: formSchema.shape.theme.unwrap().nullable(),
    language: z.enum(LANGUAGES).describe("The language the widget shows this form in."),
    messages: z
      .record(z.string(), z.string())
      .nullable()
      .describe("The widget's own texts in `language`; null for English, which widget.js carries."),
  })
  .openapi("PublicForm");

/** GET /v1/forms/:formId's query: what the embed knows about the visitor's language. */
export const PublicFormQuery = z.object({
  lang: z
    .string()
    .max(35)
    .optional()
    .describe("The embed's `data-baton-lang`: wins over the form's language when it is shipped."),
  accept: z
    .string()
    .max(200)
    .optional()
    .describe('The browser\'s languages, comma-separated, for a form whose language is "browser".'),
});
export type PublicForm = z.infer<typeof PublicFormSchema>;
export type FormField = PublicForm["fields"][number];
export type FormTheme = NonNullable<PublicForm["theme"]>;

/** POST /v1/forms/:formId/submissions as JSON (a plain HTML form may post urlencoded). */
export const SubmissionRequestSchema = z.strictObject({
  fields: z.record(z.string().max(64), z.unknown()),
  context: z
    .object({
      pageUrl: z.string().max(2048).optional(),
      referrer: z.string().max(2048).optional(),
      source: z.string().max(200).optional(),
      utm: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.string().max(500)).optional(),
    })
    .strip()
    .optional(),
  turnstileToken: z.string().max(2048).optional(),
});
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

/** The submission answer, shared with the server-to-server intake. */
export const SubmissionResponseSchema = z
  .object({
    leadId: z.string(),
    status: z.string(),
    assignment: z
      .object({
        repId: z.string(),
        repName: z.string(),
        repPhotoUrl: z
          .string()
          .nullable()
          .openapi({ description: "The rep's avatar (https), when the config has one" }),
        teamId: z.string().nullable(),
        ruleId: z.string().nullable(),
      })
      .nullable(),
    slots: z.array(SlotSchema),
    bookingToken: z.string(),
    message: z.string().openapi({ description: "The form's no-slot message, the rep's name filled in" }),
  })
  .openapi("SubmissionResponse");
export type SubmissionResponse = z.infer<typeof SubmissionResponseSchema>;

/** An optional key that makes a retried submission answer the first one's result. */
export const IdempotencyHeaders = z.object({ "idempotency-key": z.string().min(8).max(200).optional() });
