/**
 * What the admin sets for Salesforce on the Integrations screen, stored on the connection row
 * like HubSpot's settings. Field names are Salesforce API names (`Industry`, `Baton_Score__c`).
 */
import { z } from "zod";

const field = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "a Salesforce field API name");

/** Each setting, without its default. */
const settingFields = {
  /** Which record Baton creates or updates for a lead. */
  object: z.enum(["Lead", "Contact"]),
  /**
   * The lookup field that records the matched Account (LeanData-style lead-to-account), e.g. a
   * custom `Matched_Account__c` on Lead. Contacts use `AccountId` when this is unset.
   */
  accountLookupField: field.nullable(),
  /** Form field name → Salesforce field, written on create/update. */
  fieldMapping: z.record(z.string().min(1).max(100), field),
  /** Salesforce User id → rep id, where the email match is wrong or missing. */
  ownerOverrides: z.record(z.string().min(1).max(40), z.string().min(1).max(100)),
  /** Extra fields read on lookup, usable in rules as `crm.contact.<lower-cased name>`. */
  lookupProperties: z.array(field).max(20),
  /** LeadSource on new records. */
  leadSource: z.string().min(1).max(40),
  /** UTM parameter → Salesforce field (custom fields the admin made). */
  utmFields: z.object({ source: field.optional(), medium: field.optional(), campaign: field.optional() }),
  /** Form fields whose answers go into each booking's Event description. */
  eventFields: z.array(z.string().min(1).max(100)).max(30),
};

export const SalesforceSettingsSchema = z.object({
  object: settingFields.object.default("Lead"),
  accountLookupField: settingFields.accountLookupField.default(null),
  fieldMapping: settingFields.fieldMapping.default({}),
  ownerOverrides: settingFields.ownerOverrides.default({}),
  lookupProperties: settingFields.lookupProperties.default([]),
  leadSource: settingFields.leadSource.default("Web"),
  utmFields: settingFields.utmFields.default({}),
  eventFields: settingFields.eventFields.default([]),
});

/**
 * `PUT …/settings` merges what was sent into what is stored. No defaults here: zod 4 applies a
 * default even inside `.partial()`, which would reset every setting left out to its default.
 */
export const SalesforceSettingsPatchFields = z.object(settingFields).partial();
export type SalesforceSettings = z.infer<typeof SalesforceSettingsSchema>;

export function parseSalesforceSettings(raw: unknown): SalesforceSettings {
  const r = SalesforceSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : SalesforceSettingsSchema.parse({});
}
