import { z } from "zod";
import { LANGUAGES } from "../i18n/format";
import { idSchema, issue, nameSchema, originSchema, reportDuplicates, templateSchema } from "./primitives";
import { FONT_PATTERN, HEX_COLOR_PATTERN, TURNSTILE_SITE_KEY_PATTERN } from "./patterns";

/** Field name pattern: safe as a JSON key, an HTML `name` and a fact path segment. */
export const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

const fieldNameSchema = z
  .string()
  .regex(FIELD_NAME_PATTERN, "Must start with a letter and use only letters, digits and '_' (max 64)");

const CHOICE_TYPES = ["select", "multiselect"] as const;
const isChoice = (type: string) => (CHOICE_TYPES as readonly string[]).includes(type);

/** One input of a form. */
export const formFieldSchema = z
  .strictObject({
    name: fieldNameSchema.describe("Key in the submission's `fields`; facts see it as `fields.<name>`."),
    type: z
      .enum([
        "text",
        "email",
        "tel",
        "number",
        "textarea",
        "select",
        "multiselect",
        "checkbox",
        "country",
        "hidden",
        "url",
      ])
      .describe("Input kind; `country` takes ISO alpha-2 codes."),
    label: z.string().trim().min(1).max(200).describe("Label shown to the visitor."),
    required: z.boolean().default(false).describe("Submission is refused without it."),
    options: z
      .array(
        z.strictObject({
          value: z.string().min(1).max(200).describe("Submitted value."),
          label: z.string().min(1).max(200).describe("Shown text."),
        }),
      )
      .min(1)
      .max(500)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (o) => o.value, ["value"], "option value"))
      .optional()
      .describe("Choices; required for select and multiselect, not allowed otherwise."),
    maxLength: z.int().min(1).max(10_000).optional().describe("Longest accepted value, in characters."),
    placeholder: z.string().max(200).optional().describe("Placeholder text."),
  })
  .check((ctx) => {
    const choice = isChoice(ctx.value.type);
    if (choice && !ctx.value.options) {
      issue(ctx, ["options"], "options_required", `A ${ctx.value.type} field needs options`);
    } else if (!choice && ctx.value.options) {
      issue(ctx, ["options"], "options_not_allowed", `Options only apply to select and multiselect fields`);
    }
  })
  .meta({
    id: "FormField",
    description: "One input of a form.",
    // The check above, said in JSON Schema so that editors refuse what the server refuses.
    if: { properties: { type: { enum: [...CHOICE_TYPES] } }, required: ["type"] },
    then: { required: ["options"] },
    else: { not: { required: ["options"] } },
  });

/** `#rgb` or `#rrggbb`: colours end up in CSS, so nothing else may pass. */
export const hexColorSchema = z.string().regex(HEX_COLOR_PATTERN, 'Must be a hex colour such as "#4f46e5"');

/** The language of the widget's and the hosted pages' own text; field labels are the form's. */
export const formLanguageSchema = z
  .enum([...LANGUAGES, "browser"])
  .default("en")
  .describe(
    'Language of the widget and hosted pages: one of the shipped ones, or "browser" for the visitor\'s.',
  );

/** Submitted-but-not-booked: what happens when a visitor was shown slots and booked none. */
export const followUpSchema = z
  .strictObject({
    afterMinutes: z
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .describe("Minutes after the slots were first shown; the cron acts within a minute of it."),
    emailVisitor: z
      .boolean()
      .default(true)
      .describe(
        "Email the visitor a link to a page with fresh slots (the rep and webhooks hear of it either way).",
      ),
  })
  .meta({ id: "FollowUp", description: "Follow-up for a lead shown slots who did not book." });

/** A form that the widget renders or attaches to, and the rule set that routes it. */
export const formSchema = z
  .strictObject({
    id: idSchema.describe("Used in the embed tag and the submission URL."),
    name: nameSchema.describe("Shown in the dashboard and as the form heading."),
    fields: z
      .array(formFieldSchema)
      .min(1)
      .max(100)
      .check((ctx) => {
        reportDuplicates(ctx, ctx.value, (f) => f.name, ["name"], "field name");
        // The first required email field is the lead's identity (dedupe, invites), so one must exist.
        if (!ctx.value.some((f) => f.type === "email" && f.required)) {
          issue(ctx, [], "email_field_required", "A form needs a required field of type email");
        }
      })
      .meta({
        description: "Inputs, in display order. One required email field is mandatory.",
        contains: {
          properties: { type: { const: "email" }, required: { const: true } },
          required: ["type", "required"],
        },
      }),
    allowedOrigins: z
      .array(originSchema)
      .max(50)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (o) => o, [], "origin"))
      .meta({ uniqueItems: true })
      .describe("Sites allowed to submit; [] means same-origin only (the hosted page)."),
    turnstile: z
      .strictObject({
        enabled: z.boolean().describe("Require a Cloudflare Turnstile token."),
        siteKey: z
          .string()
          .regex(
            TURNSTILE_SITE_KEY_PATTERN,
            'Must be a Turnstile sitekey such as "0x4AAAAAAA…" (not the secret key)',
          )
          .optional()
          .describe("Turnstile sitekey (public, from the Turnstile dashboard); required when enabled."),
      })
      .check((ctx) => {
        if (ctx.value.enabled && !ctx.value.siteKey) {
          issue(ctx, ["siteKey"], "site_key_required", "Turnstile is enabled but has no siteKey");
        }
      })
      .meta({
        if: { properties: { enabled: { const: true } }, required: ["enabled"] },
        then: { required: ["siteKey"] },
      })
      .default({ enabled: false })
      .describe("Bot protection."),
    ruleSetId: idSchema.describe("Rule set in `ruleSets` that routes this form's leads."),
    noSlotMessage: templateSchema(500)
      .default("Thanks! {{rep.name}} will contact you shortly.")
      .describe("Shown when no slot can be offered; placeholders as in titleTemplate."),
    repAnswers: z
      .array(fieldNameSchema)
      .max(50)
      .default([])
      .describe(
        "Fields whose answers the rep sees: in Slack, Teams and email notices, the invite description and webhook payloads.",
      ),
    honeypotField: fieldNameSchema
      .optional()
      .describe("Hidden input name; a submission that fills it is accepted but discarded as spam."),
    theme: z
      .strictObject({
        primaryColor: hexColorSchema.optional().describe("Accent colour, #rgb or #rrggbb."),
        radius: z.number().min(0).max(48).optional().describe("Corner radius in px."),
        font: z
          .string()
          .regex(FONT_PATTERN, "Use letters, digits, spaces, commas, quotes and '-' only")
          .optional()
          .describe("CSS font-family list."),
      })
      .optional()
      .describe("Widget appearance."),
    language: formLanguageSchema,
    followUp: followUpSchema
      .optional()
      .describe("Follow-up after slots were shown and nothing was booked; off when absent."),
  })
  .check((ctx) => {
    const { honeypotField, fields, repAnswers } = ctx.value;
    repAnswers.forEach((name, i) => {
      if (!fields.some((f) => f.name === name))
        issue(ctx, ["repAnswers", i], "unknown_field", `"${name}" is not a field of this form`);
    });
    if (honeypotField && fields.some((f) => f.name === honeypotField)) {
      issue(ctx, ["honeypotField"], "honeypot_clash", `"${honeypotField}" is also a real field`);
    }
  })
  .meta({
    id: "Form",
    description: "A form that the widget renders or attaches to, and the rule set that routes it.",
  });
