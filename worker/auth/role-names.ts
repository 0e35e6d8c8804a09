/**
 * The names of roles and token scopes, with no imports, so a contract the dashboard reads
 * (worker/auth/contract.ts) does not pull the auth middleware into the browser's type check.
 */

/**
 * admin: everything. analyst: read-only (leads, analytics, config read). rep: its own leads,
 * through the rep API (/v1/rep) only; a rep credential gets 403 on every admin route.
 */
export const ROLES = ["admin", "analyst", "rep"] as const;
export type Role = (typeof ROLES)[number];

/** The roles an admin route may declare (what a caller needs at least), and the roles it admits. */
export const ADMIN_ROUTE_ROLES = ["admin", "analyst"] as const;
export type AdminRouteRole = (typeof ADMIN_ROUTE_ROLES)[number];

/** Scopes a token may be limited to; each opens one non-admin endpoint. */
export const TOKEN_SCOPES = ["signals"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
