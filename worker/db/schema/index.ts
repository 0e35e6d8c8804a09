/**
 * The D1 schema, one file per feature, gathered here: drizzle-kit reads this file
 * (drizzle.config.ts) and generates `migrations/` from it; never edit those by hand. Times are
 * UTC epoch milliseconds everywhere (integers), converted only at the edges.
 */
export * from "./config";
export * from "./auth";
export * from "./accounts";
export * from "./leads";
export * from "./booking";
export * from "./calendars";
export * from "./notify";
export * from "./outbox";
export * from "./crm";
export * from "./inbound-email";
export * from "./event-lists";
