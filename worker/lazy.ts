/**
 * Modules loaded on first use instead of at every cold start. Each is built from
 * worker/lazy/<name>.ts into worker/lazy/<name>.lazy.js (scripts/build-lazy.mjs, run by
 * wrangler's `[build] command`) and uploaded next to the Worker as its own ES module
 * (`find_additional_modules` and the `rules` glob in wrangler.toml), so wrangler leaves these
 * `import()`s alone instead of inlining them. The specifiers must stay relative to this folder,
 * the upload's root: wrangler keeps them as written. Under vitest the alias in vitest.config.ts
 * maps them to the sources. How to add one: docs/performance.md, "Lazily loaded modules".
 * What a lazy module shares with the entry (AppError, caches, zod, drizzle) is lent to it by
 * the entry, one instance for both: worker/lazy-shared.ts.
 */

/** normalizeLead and parseEmail, with their tables. */
export const leadFacts = () => import("./lazy/lead-facts.lazy.js");
/** postal-mime's parser, for the email() handler only. */
export const postalMime = () => import("./lazy/postal-mime.lazy.js");
/** Google Calendar's provider: only a deployment with Google reps loads it. */
export const googleCalendar = () => import("./lazy/google-calendar.lazy.js");
/** Microsoft 365's calendar provider and token endpoint: only Outlook shops load them. */
export const microsoftCalendar = () => import("./lazy/microsoft-calendar.lazy.js");
/** The HubSpot connector, its OAuth grant and sealing: only a HubSpot deployment loads it. */
export const hubspot = () => import("./lazy/hubspot.lazy.js");
/** The Salesforce connector and its grants: only a Salesforce deployment loads it. */
export const salesforce = () => import("./lazy/salesforce.lazy.js");
