import type { RequestIdVariables } from "hono/request-id";

/** Who made an admin request; recorded in the audit log, never the token itself. */
export type Actor = { kind: "bootstrap" } | { kind: "api_token"; tokenId: string; name: string };

/** The Hono environment every route shares: the Worker bindings plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    /** Read once per request so that every decision in it sees the same instant. */
    now: number;
    actor: Actor;
  };
};
