/**
 * The privacy API's wire shapes, declared once: the route validates and documents with them,
 * the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";

const Email = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");

export const EraseRequestSchema = z.strictObject({ email: Email, confirm: z.string().max(320) });
export type EraseRequest = z.input<typeof EraseRequestSchema>;

export const EraseResultSchema = z.object({
  email: z.literal("<redacted>"),
  erased: z.object({
    leads: z.number(),
    decisions: z.number(),
    bookings: z.number(),
    outcomes: z.number(),
    deliveries: z.number(),
    webhookMessages: z.number(),
    emails: z.number(),
    auditEntries: z.number(),
    teamRecords: z.number(),
    /** Routing traces deleted from the R2 archive (worker/archive). */
    archivedTraces: z.number(),
    /** Archived leads' objects (delivery log, fields) deleted from the R2 archive. */
    archivedLeads: z.number(),
  }),
});
/** What an erasure removed, counted per store; the address itself is never echoed. */
export type EraseResult = z.infer<typeof EraseResultSchema>;
