/** Wire shapes of the CRM admin API; the dashboard imports them as types. */
import { z } from "@hono/zod-openapi";
import { SalesforceSettingsPatchFields, SalesforceSettingsSchema } from "./salesforce-settings";
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
    /** Salesforce is connected instead (one CRM per deployment); connecting HubSpot answers 409. */
    otherCrm: z.string().nullable(),
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
    /** The connected CRM, which the record link opens; null when none is connected. */
    provider: z.enum(["hubspot", "salesforce"]).nullable(),
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

export const SalesforceStatusSchema = z
  .object({
    provider: z.literal("salesforce"),
    connected: z.boolean(),
    authKind: z.enum(["oauth", "jwt"]).nullable(),
    /** SALESFORCE_CLIENT_ID and _SECRET are set: the "Connect with Salesforce" button works. */
    oauthAvailable: z.boolean(),
    /** SALESFORCE_CLIENT_ID and SALESFORCE_JWT_PRIVATE_KEY are set: server-to-server connect works. */
    jwtAvailable: z.boolean(),
    /** HubSpot is connected instead (one CRM per deployment); connecting Salesforce answers 409. */
    otherCrm: z.string().nullable(),
    status: z.string().nullable(),
    lastError: z.string().nullable(),
    orgId: z.string().nullable(),
    instanceUrl: z.string().nullable(),
    username: z.string().nullable(),
    lastSyncAt: z.number().nullable(),
    lastSyncError: z.string().nullable(),
    owners: z.array(CrmOwnerViewSchema),
    unmappedOwners: z.number(),
    settings: SalesforceSettingsSchema,
    writeBacks: z.record(z.string(), z.number()),
  })
  .openapi("SalesforceStatus");
export type SalesforceStatus = z.infer<typeof SalesforceStatusSchema>;

export const SalesforceConnectBodySchema = z
  .object({
    /** The integration user the JWT bearer assertion names (pre-authorized on the connected app). */
    username: z.string().min(3).max(200),
  })
  .strict();

/** Settings are merged: send only what changes (the ones left out keep their value). */
export const SalesforceSettingsPatchSchema = SalesforceSettingsPatchFields;

export const CrmLeadIdParam = z.object({
  leadId: z.uuid().openapi({ param: { name: "leadId", in: "path" } }),
});
