import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { bearer } from "../auth/admin-auth";
import { findActiveApiTokenByHash } from "../auth/token-queries";
import { database, type Database } from "../db/client";
import { AppError } from "../errors";
import type { Actor, AppEnv } from "../http/hono-env";
import { constantTimeEqual, generateApiToken, hashToken } from "../security/tokens";
import { findLiveSession, insertSession, touchSession } from "./signin-queries";

export const SESSION_COOKIE = "baton_session";
/** A workspace session lasts a working week; signing in again is one click from any notice. */
export const SESSION_TTL_MS = 7 * 86_400_000;

/**
 * The cookie's attributes, each for a reason: HttpOnly keeps it from page scripts, Secure off
 * plain HTTP, SameSite=Lax off cross-site POSTs (the rep API's writes are all POST/PUT/DELETE),
 * and the path keeps it out of every request but the rep API's.
 */
export function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/v1/rep; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

/** Starts a rep's session; returns the Set-Cookie header value. Only the cookie's hash is stored. */
export async function startSession(db: Database, repId: string, now: number): Promise<string> {
  const secret = generateApiToken().slice(4);
  await insertSession(db, {
    id: crypto.randomUUID(),
    tokenHash: await hashToken(secret),
    role: "rep",
    repId,
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
  });
  return sessionCookie(secret, SESSION_TTL_MS / 1000);
}

function unauthorized(): AppError {
  return new AppError(401, "unauthorized", "Sign in with the link from your email or a notice.");
}

/**
 * Admits a rep: the workspace session cookie, or a `rep` API token as a bearer (scripts).
 * Any other credential, an admin's included, gets 401 here: the rep API answers for one rep.
 */
export const repAuth = createMiddleware<AppEnv>(async (c, next) => {
  const db = database(c.env.DB);
  const now = c.get("now");
  const token = bearer(c.req.header("Authorization"));
  let actor: Actor | null = null;
  if (token) {
    const hash = await hashToken(token);
    const row = await findActiveApiTokenByHash(c.env.DB, hash);
    if (row && row.role === "rep" && row.repId && (await constantTimeEqual(row.tokenHash, hash)))
      actor = { kind: "api_token", tokenId: row.id, name: row.name, role: "rep", repId: row.repId };
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    const row = cookie ? await findLiveSession(db, await hashToken(cookie), now) : null;
    if (row?.repId) {
      actor = { kind: "session", sessionId: row.id, role: "rep", repId: row.repId };
      c.executionCtx.waitUntil(touchSession(db, row.id, now).then(() => undefined));
    }
  }
  if (!actor) throw unauthorized();
  c.set("actor", actor);
  await next();
});

/** The signed-in rep's id (repAuth guarantees one). */
export function repIdOf(actor: Actor): string {
  if (actor.kind === "bootstrap" || !actor.repId) throw unauthorized();
  return actor.repId;
}
