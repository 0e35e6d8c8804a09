import type { FactValue } from "../lead-facts/types";
import type { OwnerMapping } from "./owners";
import type { CrmLookup } from "./types";

/** CRM facts live under `crm.`, so they never overwrite what the visitor said. */
export const CRM_FACT_PREFIX = "crm.";

/** The fixed CRM facts; mapped contact properties add `crm.contact.<property>`. */
export const CRM_FACTS = [
  "crm.contact.exists",
  "crm.contact.id",
  "crm.contact.ownerRepId",
  "crm.contact.lifecycleStage",
  "crm.company.exists",
  "crm.company.id",
  "crm.company.ownerRepId",
  "crm.owner.unmapped",
] as const;

const PROPERTY = /^[a-z][a-z0-9_]{0,99}$/;

/**
 * The facts rules and scoring see from a lookup. Owners become rep ids through the mapping;
 * an owner no rep matches leaves `ownerRepId` unset and sets `crm.owner.unmapped`, so the
 * trace says why the CRM owner could not take the lead.
 */
export function crmFacts(lookup: CrmLookup, owners: OwnerMapping): Record<string, FactValue> {
  const facts: Record<string, FactValue> = {
    "crm.contact.exists": lookup.contact !== null,
    "crm.company.exists": lookup.company !== null,
  };
  const unmapped: string[] = [];
  const repOf = (ownerId: string | null) => {
    if (!ownerId) return undefined;
    const rep = owners.repByOwner.get(ownerId);
    if (!rep) unmapped.push(ownerId);
    return rep;
  };
  const { contact, company } = lookup;
  if (contact) {
    facts["crm.contact.id"] = contact.id;
    const rep = repOf(contact.ownerId);
    if (rep) facts["crm.contact.ownerRepId"] = rep;
    if (contact.lifecycleStage) facts["crm.contact.lifecycleStage"] = contact.lifecycleStage;
    for (const [name, value] of Object.entries(contact.properties)) {
      if (PROPERTY.test(name) && typeof value === "string" && value !== "" && value.length <= 200)
        facts[`crm.contact.${name}`] ??= value;
    }
  }
  if (company) {
    facts["crm.company.id"] = company.id;
    const rep = repOf(company.ownerId);
    if (rep) facts["crm.company.ownerRepId"] = rep;
  }
  if (unmapped.length) facts["crm.owner.unmapped"] = unmapped;
  return facts;
}

/** The CRM owner Baton routes to: the contact's owner, else the company's. */
export function crmOwnerOf(facts: Readonly<Record<string, FactValue | undefined>>): {
  repId: string | null;
  source: "contact" | "company" | null;
} {
  const contact = facts["crm.contact.ownerRepId"];
  if (typeof contact === "string") return { repId: contact, source: "contact" };
  const company = facts["crm.company.ownerRepId"];
  if (typeof company === "string") return { repId: company, source: "company" };
  return { repId: null, source: null };
}
