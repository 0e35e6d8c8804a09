import { z } from "zod";
import type { CrmOwner } from "../core/crm-facts";

const property = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, "a HubSpot internal property name");

/** What the admin sets on the Integrations screen; stored on the connection row. */
export const CrmSettingsSchema = z.object({
  /** Form field name → CRM property name, written on upsert. */
  fieldMapping: z.record(z.string().min(1).max(100), property).default({}),
  /** CRM owner id → rep id, where the email match is wrong or missing. */
  ownerOverrides: z.record(z.string().min(1).max(40), z.string().min(1).max(100)).default({}),
  /** Extra contact properties read on lookup, usable in rules as `crm.contact.<name>`. */
  lookupProperties: z.array(property).max(20).default([]),
});
export type CrmSettings = z.infer<typeof CrmSettingsSchema>;

export const CrmOwnerSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  archived: z.boolean(),
});

export function parseSettings(raw: unknown): CrmSettings {
  const r = CrmSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : CrmSettingsSchema.parse({});
}

export function parseOwners(raw: unknown): CrmOwner[] {
  const r = z.array(CrmOwnerSchema).safeParse(raw ?? []);
  return r.success ? r.data : [];
}
