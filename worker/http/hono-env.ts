import type { RequestIdVariables } from "hono/request-id";
import type { AdminRouteRole, Role } from "../auth/roles";

/**
 * Who made a request, with its role; recorded in the audit log, never the credential itself.
 * `session` is a signed-in workspace user (a rep through a magic link).
 */
export type Actor =
  | { kind: "bootstrap"; role: "admin" }
  | { kind: "api_token"; tokenId: string; name: string; role: Role; repId: string | null }
  | { kind: "session"; sessionId: string; role: Role; repId: string | null };

/** The Hono environment every route shares: the Worker bindings plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    /** Read once per request so that every decision in it sees the same instant. */
    now: number;
    actor: Actor;
    /** Set by the matched route's `requireRole`; adminAuth fails closed without it. */
    declaredRole?: AdminRouteRole;
  };
};
