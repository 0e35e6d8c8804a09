/**
 * The CRM as Baton sees it, whatever the vendor: people (contacts), organisations
 * (companies/accounts) and the users who own them (owners). Plain data, so the routing core
 * can reason about it and a Salesforce connector can fill the same shapes (Contact/Lead →
 * CrmContact, Account → CrmCompany, User → CrmOwner).
 */

/** A CRM user who can own records. `id` is what the CRM's owner field takes. */
export type CrmOwner = { id: string; email: string | null; name: string | null; archived: boolean };

export type CrmContact = {
  id: string;
  email: string;
  ownerId: string | null;
  lifecycleStage: string | null;
  /** The mapped properties that were asked for, as the CRM returned them. */
  properties: Readonly<Record<string, string | null>>;
};

export type CrmCompany = {
  id: string;
  domain: string | null;
  name: string | null;
  ownerId: string | null;
  /** Epoch ms of the CRM's last change; the account sync's cursor moves by it. */
  updatedAt: number;
  /**
   * The parent company's domain (Salesforce `ParentId` → its Website), null for none; absent
   * when the CRM does not say (HubSpot), so the account keeps the parent it has.
   */
  parentDomain?: string | null;
};

/** What a lookup found for one lead; either side may be missing. */
export type CrmLookup = { contact: CrmContact | null; company: CrmCompany | null };

/** The write of one lead: found or created by email, owned by `ownerId`. */
export type LeadUpsert = {
  email: string;
  ownerId: string | null;
  /** CRM property name → value (mapped form fields, source, UTM). */
  properties: Readonly<Record<string, string>>;
  /** Associate the contact with this company when set. */
  companyId: string | null;
};

export type MeetingLog = {
  /** Stable per booking: a retry finds the meeting it already made instead of adding one. */
  externalKey: string;
  contactId: string;
  ownerId: string | null;
  title: string;
  body: string;
  start: number;
  end: number;
};

export type CompanyPage = { companies: CrmCompany[]; nextCursor: string | null };

/** How the lookup went, for the routing trace. */
export type CrmLookupStatus =
  | "ok"
  | "timeout"
  | "error"
  | "rate_limited"
  | "circuit_open"
  | "not_connected"
  | "skipped";

export type CrmLookupNote = {
  provider: string;
  status: CrmLookupStatus;
  ms: number;
  detail?: string;
};
