/**
 * The HubSpot connector (CRM v3/v4 REST, OAuth and private-app tokens): only a deployment
 * connected to HubSpot runs it, so it is loaded on first use (worker/lazy.ts). What it shares
 * with the rest of the Worker (CrmError, the sealed secrets, the connection row, zod) is lent
 * by the entry (worker/lazy-shared.ts).
 */
export * from "../crm/hubspot";
