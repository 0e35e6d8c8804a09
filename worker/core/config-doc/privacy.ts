import { z } from "zod";

/** How long Baton keeps a person's data; counts and assignments outlive it, anonymised. */
export const privacySchema = z
  .strictObject({
    retentionDays: z
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe(
        "Erase each lead's personal data (fields, email, traces, payloads) this many days after it was submitted. Unset keeps it until erased by request.",
      ),
  })
  .meta({ id: "Privacy", description: "Data retention." });

export type PrivacySettings = z.output<typeof privacySchema>;
