/**
 * What the admin sets for Salesforce on the Integrations screen, stored on the connection row
 * like HubSpot's settings. Field names are Salesforce API names (`Industry`, `Baton_Score__c`).
 */
import { z } from "zod";

const field = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "a Salesforce field API name");

export const SalesforceSettingsSchema = z.object({
  /** Which record Baton creates or updates for a lead. */
  object: z.enum(["Lead", "Contact"]).default("Lead"),
  /**
   * The lookup field that records the matched Account (LeanData-style lead-to-account), e.g. a
   * custom `Matched_Account__c` on Lead. Contacts use `AccountId` when this is unset.
   */
  accountLookupField: field.nullable().default(null),
  /** Form field name → Salesforce field, written on create/update. */
  fieldMapping: z.record(z.string().min(1).max(100), field).default({}),
  /** Salesforce User id → rep id, where the email match is wrong or missing. */
  ownerOverrides: z.record(z.string().min(1).max(40), z.string().min(1).max(100)).default({}),
  /** Extra fields read on lookup, usable in rules as `crm.contact.<lower-cased name>`. */
  lookupProperties: z.array(field).max(20).default([]),
  /** LeadSource on new records. */
  leadSource: z.string().min(1).max(40).default("Web"),
  /** UTM parameter → Salesforce field (custom fields the admin made). */
  utmFields: z
    .object({ source: field.optional(), medium: field.optional(), campaign: field.optional() })
    .default({}),
  /** Form fields whose answers go into each booking's Event description. */
  eventFields: z.array(z.string().min(1).max(100)).max(30).default([]),
});
export type SalesforceSettings = z.infer<typeof SalesforceSettingsSchema>;

/**
 * `PUT …/settings` merges what was sent into what is stored, so its fields have no defaults:
 * zod 4 applies a default even inside `.partial()`, which reset every setting left out.
 */
export const SalesforceSettingsPatchFields: z.ZodType<Partial<SalesforceSettings>> = z.object(
  Object.fromEntries(
    Object.entries(SalesforceSettingsSchema.shape).map(([k, v]) => [k, v.unwrap().optional()]),
  ),
);

export function parseSalesforceSettings(raw: unknown): SalesforceSettings {
  const r = SalesforceSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : SalesforceSettingsSchema.parse({});
}
