/**
 * The Salesforce connector (REST, SOQL, composite; JWT bearer and refresh-token sessions):
 * only a deployment connected to Salesforce runs it, so it is loaded on first use
 * (worker/lazy.ts). What it shares with the rest of the Worker is lent by the entry
 * (worker/lazy-shared.ts).
 */
export * from "../crm/salesforce";
