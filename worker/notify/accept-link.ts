import { signingKey, signToken, verifyToken } from "../security/signed-tokens";
import { publicBaseUrl } from "./settings";

/** A rep may act on a lead long after its SLA deadline passed (e.g. escalations have none). */
export const ACCEPT_LINK_TTL_MS = 7 * 86_400_000;

/** The rep's single-purpose link to accept one assignment (not the lead: a reassigned rep's link dies). */
export async function acceptUrl(env: Env, assignmentId: string, now: number): Promise<string> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const token = await signToken({ p: "accept", sub: assignmentId, exp: now + ACCEPT_LINK_TTL_MS }, key);
  return `${publicBaseUrl(env)}/v1/accept/${token}`;
}

/** The assignment id an accept token grants, or null when it is forged, expired or for another purpose. */
export async function readAcceptToken(env: Env, token: string, now: number): Promise<string | null> {
  const [body] = token.split(".");
  let subject: unknown;
  try {
    subject = JSON.parse(atob((body ?? "").replaceAll("-", "+").replaceAll("_", "/"))).sub;
  } catch {
    return null;
  }
  if (typeof subject !== "string") return null;
  const key = await signingKey(env.ENCRYPTION_KEY);
  const payload = await verifyToken(token, key, { purpose: "accept", subject, now });
  return payload ? subject : null;
}
