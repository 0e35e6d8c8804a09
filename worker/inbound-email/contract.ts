/** The inbound-email log's wire shapes (GET /v1/admin/inbound-emails), declared once. */
import { z } from "@hono/zod-openapi";

export const InboundEmailQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const InboundEmailSchema = z
  .object({
    id: z.string(),
    receivedAt: z.number(),
    envelopeTo: z.string(),
    fromDomain: z.string().nullable(),
    messageIdHash: z.string().nullable(),
    size: z.number(),
    outcome: z.enum(["lead", "duplicate", "dropped"]),
    reason: z
      .string()
      .nullable()
      .describe(
        "Why it made no lead: too_large, not_our_address, loop, bounce, auto_reply, mailing_list, no_sender, unparseable, not_configured, duplicate.",
      ),
    detail: z.string().nullable(),
    leadId: z.string().nullable(),
    replied: z.boolean(),
  })
  .openapi("InboundEmail");

export const InboundEmailsSchema = z.object({ emails: z.array(InboundEmailSchema) }).openapi("InboundEmails");
export type InboundEmail = z.infer<typeof InboundEmailSchema>;
