/**
 * One interface for every CRM behind Baton (HubSpot now, Salesforce next), beside the
 * calendar providers and in the same spirit: routing, write-back and the account sync talk
 * only to this. Vendor errors become a `CrmError` that says whether a retry can help.
 */
import type { CompanyPage, CrmLookup, CrmOwner, LeadUpsert, MeetingLog } from "../core/crm-facts";

export type { CompanyPage, CrmLookup, CrmOwner, LeadUpsert, MeetingLog } from "../core/crm-facts";

export type CrmKind = "hubspot" | "salesforce";

export interface CrmConnector {
  readonly kind: CrmKind;
  /**
   * The contact with this email and the company with this domain, each with its owner, and
   * the listed contact properties. Honors `signal` (the submit path's hard deadline).
   */
  lookUpLead(
    input: { email: string; domain: string | null; properties: readonly string[] },
    signal?: AbortSignal,
  ): Promise<CrmLookup>;
  /** Finds the contact by email or creates it, sets its owner and properties, links the company. Idempotent. */
  upsertLead(input: LeadUpsert): Promise<{ contactId: string; created: boolean }>;
  /** Logs a meeting on the contact, once per `externalKey`. */
  logMeeting(input: MeetingLog): Promise<{ meetingId: string }>;
  /** Marks a logged meeting canceled. Idempotent; a meeting deleted in the CRM is not an error. */
  cancelMeeting(meetingId: string): Promise<void>;
  /**
   * Moves a logged meeting to a rescheduled booking's time (Salesforce: the same Event is
   * updated). Without it a reschedule cancels the old meeting and logs a new one.
   */
  moveMeeting?(meetingId: string, input: MeetingLog): Promise<{ meetingId: string }>;
  /** Moves the contact to another owner (reassignment). */
  updateOwner(contactId: string, ownerId: string | null): Promise<void>;
  /** Companies changed at or after `since` (epoch ms), oldest first, one bounded page. */
  pullCompanies(input: { since: number; cursor: string | null; limit: number }): Promise<CompanyPage>;
  listOwners(): Promise<CrmOwner[]>;
  /** A cheap authenticated call that proves the credentials and scopes work. */
  testConnection(): Promise<{ ok: true; detail: string }>;
  /** A link to the contact in the CRM's UI, for the lead page. */
  recordUrl(contactId: string): string;
}

export type CrmErrorKind =
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "auth_expired"
  | "auth_broken"
  | "missing_scopes"
  | "conflict"
  | "not_found"
  | "invalid";

/** A CRM failure, classified so callers choose between retrying and telling the admin. */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly kind: CrmErrorKind,
    readonly retryable: boolean,
    readonly status?: number,
    /** The vendor's Retry-After, in seconds, when it sent one. */
    readonly retryAfterSeconds?: number,
    /** For `missing_scopes`: what the admin must grant. */
    readonly missingScopes?: readonly string[],
  ) {
    super(message);
    this.name = "CrmError";
  }
}
