/**
 * The buying-signals API's wire shapes (POST /v1/signals), declared once: the route validates
 * and documents with them, the server types come from `z.infer`.
 */
import { z } from "@hono/zod-openapi";

/** Most signals one request may carry; an intent-data export is sent in pages of this size. */
export const MAX_SIGNALS_PER_REQUEST = 100;

/** One account-level event from an intent-data provider or the product's own usage data. */
export const SignalSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(200)
      .describe("The sender's event id: sending it again (from the same source) changes nothing."),
    domain: z.string().min(1).max(300).describe("The account's web domain, e.g. acme.com."),
    kind: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "lower-case letters, digits, '_', '.' or '-' (1-64)")
      .describe("What happened, e.g. pricing_page, intent_surge, trial_started."),
    strength: z.number().int().min(0).max(100).describe("0-100: how strong the sender rates it."),
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "lower-case letters, digits, '_', '.' or '-' (1-64)")
      .describe("Who says so, e.g. bombora, product."),
    occurredAt: z.iso.datetime({ offset: true }).describe("When it happened (ISO 8601)."),
  })
  .openapi("Signal");
export type Signal = z.infer<typeof SignalSchema>;

export const SignalsRequestSchema = z
  .strictObject({ signals: z.array(SignalSchema).min(1).max(MAX_SIGNALS_PER_REQUEST) })
  .openapi("SignalsRequest");

/** What became of one signal of the request, in request order. */
export const SignalOutcomeSchema = z.object({
  id: z.string(),
  outcome: z
    .enum(["stored", "duplicate", "rejected"])
    .describe("duplicate: this source sent this id before; rejected: see `reason`."),
  reason: z.string().optional(),
  task: z
    .object({ leadId: z.string(), ruleId: z.string(), status: z.enum(["routed", "unrouted"]) })
    .optional()
    .describe("Set when a signal task rule turned this signal into a task."),
});

export const SignalsResponseSchema = z
  .object({
    stored: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(SignalOutcomeSchema),
  })
  .openapi("SignalsResponse");
export type SignalsResponse = z.infer<typeof SignalsResponseSchema>;
export type SignalOutcome = z.infer<typeof SignalOutcomeSchema>;
