/** The backtest routes' wire shapes, declared once (documented in /openapi.json; the dashboard imports the types). */
import { z } from "@hono/zod-openapi";
import { destinationSchema } from "../core/config-doc";

const MAX_LEADS = 50_000;
const id = z.string().min(1).max(64);

export const DraftVersionParam = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "version", in: "path" }, example: 4, description: "The draft to test" }),
});

const common = {
  against: z.number().int().positive().optional().openapi({
    description: "Compare with this saved version instead of the active one.",
  }),
  limit: z.number().int().min(1).max(MAX_LEADS).optional().openapi({
    description: "How many of the newest stored leads to replay (default 1000, at most 50,000).",
  }),
  since: z.iso.datetime({ offset: true }).optional().openapi({
    description: "Only stored leads created at or after this instant.",
  }),
  formId: id.optional().openapi({ description: "CSV rows without a form_id column belong to this form." }),
  changesOffset: z
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: "First change to return (default 0)." }),
  changesLimit: z.number().int().min(1).max(1000).optional().openapi({
    description: "Changes to return (default 100, at most 1000); all are counted in `summary`.",
  }),
  includeTraces: z
    .boolean()
    .optional()
    .openapi({ description: "Add both full traces to each returned change." }),
};

/** With a CSV body the options travel in the query string, so they are coerced from text. */
export const BacktestQuery = z.object({
  version: z.coerce.number().int().positive().optional(),
  against: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LEADS).optional(),
  since: common.since,
  formId: common.formId,
  changesOffset: z.coerce.number().int().min(0).optional(),
  changesLimit: z.coerce.number().int().min(1).max(1000).optional(),
  includeTraces: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

/** A test lead's page context, as the widget sends it; for the route test and the backtest's uploaded leads. */
export const LeadContextSchema = z
  .object({
    pageUrl: z.string().max(2000).optional(),
    referrer: z.string().max(2000).optional(),
    utm: z.record(z.string(), z.string().max(500)).optional(),
    source: z.string().max(200).optional(),
  })
  .optional();

const LeadSchema = z.object({
  id: id.optional(),
  formId: id,
  fields: z.record(z.string(), z.unknown()),
  context: LeadContextSchema,
});

export const BacktestBody = z
  .object({
    version: z.number().int().positive().optional().openapi({ description: "The saved version to test." }),
    draft: z.unknown().optional().openapi({ description: "An unsaved config document to test." }),
    ...common,
    leads: z.array(LeadSchema).max(MAX_LEADS).optional().openapi({
      description: "Replay these leads instead of stored ones.",
    }),
  })
  .strict()
  .openapi("BacktestRequest");

export type Options = z.infer<typeof BacktestQuery> & Partial<z.infer<typeof BacktestBody>>;

const SideSchema = z.union([
  z.object({
    ok: z.literal(true),
    ruleId: z.string().openapi({ description: 'The deciding rule, or "fallback".' }),
    ruleName: z.string().optional(),
    destination: destinationSchema,
    target: z
      .union([
        z.object({ kind: z.literal("rep"), repId: z.string(), teamId: z.string().nullable() }),
        z.object({ kind: z.literal("team"), teamId: z.string() }),
      ])
      .nullable(),
    fallback: z.boolean(),
    score: z.number(),
    tier: z.string().nullable(),
    note: z.string().optional(),
  }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);

const RuleState = z.enum(["matched", "missed", "not_reached", "absent"]);

export const BacktestReportSchema = z
  .object({
    active: z.object({ version: z.number() }),
    draft: z.object({ version: z.number().nullable().openapi({ description: "null for an unsaved draft" }) }),
    summary: z.object({
      total: z.number(),
      changed: z.number(),
      destinationChanged: z.number(),
      ruleOnlyChanged: z.number(),
      toFallback: z.number(),
      toFallbackBefore: z.number(),
      newlyToFallback: z.number(),
      skipped: z.number(),
    }),
    loadShift: z.array(
      z.object({
        kind: z.enum(["team", "rep"]),
        id: z.string(),
        before: z.number(),
        after: z.number(),
        delta: z.number(),
        direct: z.object({ before: z.number(), after: z.number() }).optional(),
        estimated: z.object({ before: z.number(), after: z.number() }).optional(),
      }),
    ),
    repEstimate: z.string(),
    changes: z.array(
      z.object({
        leadId: z.string(),
        email: z.string().optional(),
        formId: z.string(),
        kind: z.enum(["destination", "rule"]),
        before: SideSchema,
        after: SideSchema,
        reasons: z.array(z.string()),
        rules: z.array(
          z.object({
            ruleId: z.string(),
            before: RuleState,
            after: RuleState,
            beforeMiss: z.string().optional(),
            afterMiss: z.string().optional(),
          }),
        ),
        traces: z.object({ before: z.unknown(), after: z.unknown() }).optional(),
      }),
    ),
    changesPage: z.object({
      offset: z.number(),
      limit: z.number(),
      total: z.number(),
      nextOffset: z.number().nullable(),
    }),
    fallbackLeads: z.array(
      z.object({
        leadId: z.string(),
        email: z.string().optional(),
        formId: z.string(),
        ruleIdBefore: z.string().nullable(),
        newly: z.boolean(),
      }),
    ),
    lint: z.array(
      z.object({
        severity: z.enum(["warning", "info"]),
        code: z.string(),
        path: z.array(z.union([z.string(), z.number()])),
        message: z.string(),
        new: z.boolean(),
      }),
    ),
    scope: z.string(),
  })
  .openapi("BacktestReport");
/** What a draft would change against the live version, over stored or uploaded leads. */
export type BacktestReport = z.infer<typeof BacktestReportSchema>;
