/**
 * The CRM admin endpoints behind the Integrations screen and the lead page's CRM panel. Every
 * wire shape is the server's (worker/crm/contract.ts), imported as a type.
 */
import { call } from "../api";
import type {
  ConnectBody,
  CrmSettingsInput,
  CrmStatus,
  LeadCrm,
  OAuthStart,
  SalesforceStatus,
  TestResult,
} from "../../../worker/crm/contract";

export type { CrmSettingsInput, CrmStatus, LeadCrm, SalesforceStatus, TestResult };
/** `PUT …/salesforce/settings` merges: send only what changes. */
export type SalesforceSettingsPatch = Partial<SalesforceStatus["settings"]>;

const HUBSPOT = "/v1/admin/integrations/hubspot";

/** HubSpot's admin calls, bound to the signed-in token. */
export function hubspotApi(token: string) {
  return {
    status: () => call<CrmStatus>(token, "GET", HUBSPOT),
    connect: (body: ConnectBody) => call<CrmStatus>(token, "POST", `${HUBSPOT}/connect`, body),
    /** The install link; the browser goes there and comes back through Baton's callback. */
    startOAuth: () => call<OAuthStart>(token, "POST", `${HUBSPOT}/oauth`),
    saveSettings: (settings: CrmSettingsInput) =>
      call<CrmStatus>(token, "PUT", `${HUBSPOT}/settings`, settings),
    test: () => call<TestResult>(token, "POST", `${HUBSPOT}/test`),
    disconnect: () => call(token, "DELETE", HUBSPOT),
  };
}

const SALESFORCE = "/v1/admin/integrations/salesforce";

/** Salesforce's admin calls, bound to the signed-in token. */
export function salesforceApi(token: string) {
  return {
    status: () => call<SalesforceStatus>(token, "GET", SALESFORCE),
    /** Server-to-server (JWT bearer flow) as the connected app's pre-authorized integration user. */
    connect: (username: string) =>
      call<SalesforceStatus>(token, "POST", `${SALESFORCE}/connect`, { username }),
    /** The approval link; the browser goes there and comes back through Baton's callback. */
    startOAuth: () => call<OAuthStart>(token, "POST", `${SALESFORCE}/oauth`),
    saveSettings: (patch: SalesforceSettingsPatch) =>
      call<SalesforceStatus>(token, "PUT", `${SALESFORCE}/settings`, patch),
    test: () => call<TestResult>(token, "POST", `${SALESFORCE}/test`),
    disconnect: () => call(token, "DELETE", SALESFORCE),
  };
}

/** One lead's write-backs and the link to its CRM record. */
export const leadCrm = (token: string, leadId: string) =>
  call<LeadCrm>(token, "GET", `/v1/admin/leads/${encodeURIComponent(leadId)}/crm`);
