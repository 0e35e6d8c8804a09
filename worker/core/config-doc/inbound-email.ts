import { z } from "zod";
import { emailSchema, idSchema } from "./primitives";

/** Largest message the email handler takes: a sales enquiry is text, not attachments. */
export const MAX_INBOUND_EMAIL_BYTES = 1024 * 1024;

/**
 * Inbound email (Cloudflare Email Routing → the Worker's `email` handler): which addresses
 * make leads, which rule set routes them, and the optional reply with the rep and a link.
 */
export const inboundEmailSchema = z
  .strictObject({
    addresses: z
      .array(emailSchema)
      .min(1)
      .max(20)
      .describe("Addresses whose mail becomes leads, e.g. sales@acme.com; mail to others is dropped."),
    ruleSetId: idSchema.describe("The rule set that routes email leads (facts: source = email)."),
    maxBytes: z
      .int()
      .min(10_000)
      .max(MAX_INBOUND_EMAIL_BYTES)
      .default(256 * 1024)
      .describe("Larger messages are refused with an SMTP error and recorded."),
    reply: z
      .strictObject({
        from: emailSchema.describe("Sender of the reply; an address on the Email Routing zone."),
        fromName: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .optional()
          .describe("Display name of the reply's sender."),
      })
      .optional()
      .describe("When set, the sender gets a reply naming the rep, with a signed link to book a time."),
  })
  .meta({ id: "InboundEmail", description: "Leads from email to configured addresses." });

export type InboundEmailConfig = z.output<typeof inboundEmailSchema>;
