import type { Rep, RoutingConfig } from "../core/config-doc";
import type { Database } from "../db/client";
import { publicBaseUrl } from "../notify/settings";
import type { NotificationMessage } from "../notify/channel";
import { fromB64url, signingKey, signToken, verifyToken } from "../security/signed-tokens";
import { hashToken } from "../security/tokens";
import { countRecentLinks, insertLink, useLink } from "./signin-queries";

/** An emailed link is short-lived: it only has to survive the trip through the inbox. */
export const EMAIL_LINK_TTL_MS = 15 * 60_000;
/** A notice's link lives as long as its accept link: a rep opens last week's Slack message. */
export const NOTICE_LINK_TTL_MS = 7 * 86_400_000;
/** At most this many emailed links per rep per window, so the form cannot flood an inbox. */
export const LINK_RATE_LIMIT = 3;
export const LINK_RATE_WINDOW_MS = 15 * 60_000;

/** Where a sign-in link lands: the rep workspace reads the token from the fragment. */
export function workspaceUrl(env: Env, token: string): string {
  // The fragment never reaches a server log, a Referer header or a link scanner's GET.
  return `${publicBaseUrl(env)}/admin/rep.html#signin=${token}`;
}

/** The active rep of the live config with this email (case-insensitive), if any. */
export function repByEmail(config: RoutingConfig, email: string): Rep | undefined {
  const wanted = email.trim().toLowerCase();
  return config.reps.find((r) => r.active && r.email.toLowerCase() === wanted);
}

async function signinToken(env: Env, repId: string, via: "email" | "notice", exp: number): Promise<string> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  // The nonce makes each link distinct, so each has its own single use.
  const n = crypto.randomUUID();
  return signToken({ p: "signin", sub: repId, exp, via, n }, key);
}

/** A notice's sign-in link for its rep (single use, like an emailed one, but valid 7 days). */
export async function noticeSigninUrl(env: Env, repId: string, now: number): Promise<string> {
  return workspaceUrl(env, await signinToken(env, repId, "notice", now + NOTICE_LINK_TTL_MS));
}

export type LinkIssued =
  | { sent: true; message: NotificationMessage }
  | { sent: false; reason: "rate_limited" };

/**
 * Creates an emailed sign-in link for `rep` and the email that carries it, unless the rep
 * asked for too many lately. The row stores only the token's hash.
 */
export async function issueEmailLink(env: Env, db: Database, rep: Rep, now: number): Promise<LinkIssued> {
  if ((await countRecentLinks(db, rep.id, now - LINK_RATE_WINDOW_MS, EMAIL_LINK_TTL_MS)) >= LINK_RATE_LIMIT)
    return { sent: false, reason: "rate_limited" };
  const token = await signinToken(env, rep.id, "email", now + EMAIL_LINK_TTL_MS);
  const id = crypto.randomUUID();
  await insertLink(db, {
    id,
    tokenHash: await hashToken(token),
    repId: rep.id,
    createdAt: now,
    expiresAt: now + EMAIL_LINK_TTL_MS,
  });
  const url = workspaceUrl(env, token);
  const text = `Hi ${rep.name},\n\nSign in to your Baton workspace (this link works once, for 15 minutes):\n${url}\n\nIf you did not ask for it, ignore this email.`;
  return {
    sent: true,
    message: {
      id: `signin:${id}`,
      channel: "email",
      eventType: "rep.signin_link",
      target: rep.email,
      payload: { to: rep.email, subject: "Your Baton sign-in link", text },
    },
  };
}

/**
 * The rep a sign-in token admits, using it up; null when it is forged, expired, for another
 * purpose, or used before. Tokens come from an emailed link or a notice's link.
 */
export async function redeemSigninToken(
  env: Env,
  db: Database,
  token: string,
  now: number,
): Promise<string | null> {
  const claimed = unverifiedPayload(token);
  if (!claimed) return null;
  const key = await signingKey(env.ENCRYPTION_KEY);
  const payload = await verifyToken(token, key, { purpose: "signin", subject: claimed.sub, now });
  if (!payload) return null;
  const used = await useLink(
    db,
    {
      id: crypto.randomUUID(),
      tokenHash: await hashToken(token),
      repId: claimed.sub,
      createdAt: now,
      expiresAt: payload.exp,
    },
    now,
  );
  return used ? claimed.sub : null;
}

/** The subject a token claims, before its signature is checked (only to know what to check). */
function unverifiedPayload(token: string): { sub: string } | null {
  const bytes = fromB64url(token.split(".")[0] ?? "");
  if (!bytes) return null;
  try {
    const p: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return p && typeof p === "object" && typeof (p as { sub?: unknown }).sub === "string"
      ? { sub: (p as { sub: string }).sub }
      : null;
  } catch {
    return null;
  }
}
