import { Hono } from "hono";
import type { z } from "zod";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { issuesToFieldErrors } from "../http/validation";
import { enqueueNotifications } from "../notify/outbound";
import { MagicLinkRequest, SessionRequest } from "./contract";
import { repAuth, sessionCookie, startSession } from "./session";
import { revokeSession } from "./signin-queries";
import { issueEmailLink, redeemSigninToken, repByEmail } from "./signin";

const NO_STORE = { "Cache-Control": "no-store" };

/** Parses a JSON body with a contract schema; 422 with the issues by path otherwise. */
export async function body<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const raw: unknown = await req.json().catch(() => undefined);
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(422, "validation_failed", "The request is invalid.", {
      errors: issuesToFieldErrors(parsed.error.issues),
    });
  return parsed.data;
}

/**
 * Rep sign-in: ask for a link by email, trade a link's token for a session cookie, sign out.
 * Asking answers 202 whatever the email is (a rep's, a stranger's, or rate-limited), so the
 * form tells nobody who works here.
 */
export const publicRepAuth = new Hono<AppEnv>()
  .post("/rep/auth/link", async (c) => {
    const { email } = await body(c.req.raw, MagicLinkRequest);
    const db = database(c.env.DB);
    const active = await loadActiveConfig(db, inBackground(c));
    const rep = active ? repByEmail(active.config, email) : undefined;
    if (rep) {
      const issued = await issueEmailLink(c.env, db, rep, c.get("now"));
      if (issued.sent) await enqueueNotifications(c.env, [issued.message]);
    }
    return c.json({ sent: true }, 202, NO_STORE);
  })
  .post("/rep/auth/session", async (c) => {
    const { token } = await body(c.req.raw, SessionRequest);
    const db = database(c.env.DB);
    const now = c.get("now");
    const repId = await redeemSigninToken(c.env, db, token, now);
    const active = repId ? await loadActiveConfig(db, inBackground(c)) : null;
    const rep = active?.config.reps.find((r) => r.id === repId && r.active);
    if (!repId || !rep)
      throw new AppError(401, "unauthorized", "This sign-in link is invalid, expired or already used.");
    c.header("Set-Cookie", await startSession(db, rep.id, now));
    return c.json({ repId: rep.id, name: rep.name }, 200, NO_STORE);
  })
  .post("/rep/auth/logout", repAuth, async (c) => {
    const actor = c.get("actor");
    if (actor.kind === "session") await revokeSession(database(c.env.DB), actor.sessionId, c.get("now"));
    c.header("Set-Cookie", sessionCookie("", 0));
    return c.body(null, 204);
  });
