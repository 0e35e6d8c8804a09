/** Wire shapes of the CRM admin API; the dashboard imports them as types. */
import { z } from "@hono/zod-openapi";
import { CrmSettingsSchema } from "./settings";

export const CrmOwnerViewSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  archived: z.boolean(),
  /** The rep this owner maps to (email match or override); null = unmapped, flagged. */
  repId: z.string().nullable(),
  via: z.enum(["email", "override"]).nullable(),
});

export const CrmStatusSchema = z
  .object({
    provider: z.literal("hubspot"),
    connected: z.boolean(),
    authKind: z.enum(["oauth", "private_app"]).nullable(),
    oauthAvailable: z.boolean(),
    status: z.string().nullable(),
    lastError: z.string().nullable(),
    portalId: z.string().nullable(),
    lastSyncAt: z.number().nullable(),
    lastSyncError: z.string().nullable(),
    owners: z.array(CrmOwnerViewSchema),
    unmappedOwners: z.number(),
    settings: CrmSettingsSchema,
    writeBacks: z.record(z.string(), z.number()),
  })
  .openapi("CrmStatus");
export type CrmStatus = z.infer<typeof CrmStatusSchema>;

export const ConnectBodySchema = z
  .object({
    /** A private-app token; omit to use the HUBSPOT_PRIVATE_APP_TOKEN secret. */
    privateAppToken: z.string().min(8).max(500).optional(),
    portalId: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
  })
  .strict();
export type ConnectBody = z.infer<typeof ConnectBodySchema>;

/** `PUT …/settings`: any of the settings; the ones left out keep their value. */
export type CrmSettingsInput = Partial<z.input<typeof CrmSettingsSchema>>;

/** `POST …/oauth`: the HubSpot install link to send the admin's browser to. */
export const OAuthStartSchema = z.object({ url: z.url(), expiresAt: z.number() });
export type OAuthStart = z.infer<typeof OAuthStartSchema>;

export const LeadCrmSchema = z
  .object({
    connected: z.boolean(),
    recordUrl: z.string().nullable(),
    syncs: z.array(
      z.object({
        id: z.string(),
        action: z.string(),
        status: z.string(),
        attempts: z.number(),
        lastError: z.string().nullable(),
        externalId: z.string().nullable(),
        updatedAt: z.number(),
      }),
    ),
  })
  .openapi("LeadCrm");
export type LeadCrm = z.infer<typeof LeadCrmSchema>;

export const TestResultSchema = z.object({ ok: z.boolean(), detail: z.string() });
export type TestResult = z.infer<typeof TestResultSchema>;

export const CrmLeadIdParam = z.object({
  leadId: z.uuid().openapi({ param: { name: "leadId", in: "path" } }),
});
