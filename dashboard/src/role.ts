import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { call } from "./api";
import type { AdminMe } from "../../worker/auth/contract";

export type DashboardRole = AdminMe["role"];

/** The signed-in credential's role, read once from `GET /v1/admin/me`. */
export function fetchRole(token: string): Promise<DashboardRole> {
  return call<AdminMe>(token, "GET", "/v1/admin/me").then((me) => me.role);
}

// Read-only by default: a screen rendered outside the provider shows no write action.
export const RoleContext = createContext<DashboardRole>("analyst");

/**
 * Whether the screen may offer write actions (publish, edit, connect, reassign, ...). The
 * server refuses an analyst's writes anyway (403); hiding them keeps the screen honest.
 */
export function useCanWrite(): boolean {
  return useContext(RoleContext) === "admin";
}
