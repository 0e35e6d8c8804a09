/**
 * The OAuth `state` parameter of a connect flow (a rep's Google or Microsoft calendar, or the
 * HubSpot or Salesforce install, whose subject is `crm:hubspot` / `crm:salesforce`): which rep, who
 * started it, until when, HMAC-signed so the public callback can trust it (RFC 6749 §10.12,
 * CSRF). Its key is derived from ENCRYPTION_KEY with its own HKDF label, so it can never
 * verify a booking or manage link. The purpose `p` keeps one vendor's state from completing
 * the other's callback. The PKCE verifier (RFC 7636) is an HMAC of the signed state under
 * another key, so the callback can recompute it and nothing is stored between the two legs.
 */
import { z } from "zod";
import type { Actor } from "../../http/hono-env";
import { ROLES } from "../../auth/roles";

const encoder = new TextEncoder();
/** Long enough to sign in and pick an account; short enough that a leaked link soon dies. */
export const STATE_TTL_MS = 15 * 60_000;

const payloadSchema = z.object({
  p: z.enum(["google_connect", "microsoft_connect", "hubspot_connect", "salesforce_connect"]),
  repId: z.string(),
  actor: z.union([
    z.object({ kind: z.literal("bootstrap"), role: z.literal("admin").default("admin") }),
    z.object({
      kind: z.literal("api_token"),
      tokenId: z.string(),
      name: z.string(),
      role: z.enum(ROLES).default("admin"),
      repId: z.string().nullable().default(null),
    }),
    z.object({
      kind: z.literal("session"),
      sessionId: z.string(),
      role: z.enum(ROLES),
      repId: z.string().nullable(),
    }),
  ]),
  exp: z.number(),
  n: z.string(),
});
export type ConnectState = z.infer<typeof payloadSchema>;
export type ConnectPurpose = ConnectState["p"];

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  return Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
}

async function stateKey(secret: string, label = "baton/google-oauth-state/v1"): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(0),
      // The first label predates Microsoft; kept so links issued before a deploy still verify.
      info: encoder.encode(label),
    },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

/** A signed state for one rep's connect link. */
export async function signState(
  secret: string,
  repId: string,
  actor: Actor,
  now: number,
  p: ConnectPurpose = "google_connect",
): Promise<string> {
  const payload: ConnectState = {
    p,
    repId,
    actor,
    exp: now + STATE_TTL_MS,
    n: crypto.randomUUID(),
  };
  const body = b64url(encoder.encode(JSON.stringify(payload)));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await stateKey(secret), encoder.encode(body)));
  return `${body}.${b64url(mac)}`;
}

/** The state's payload when its signature holds and it has not expired; otherwise null. */
export async function verifyState(
  secret: string,
  state: string,
  now: number,
  p: ConnectPurpose = "google_connect",
): Promise<ConnectState | null> {
  const [body, mac, extra] = state.split(".");
  const sig = mac ? fromB64url(mac) : null;
  if (!body || !sig || extra !== undefined || state.length > 2048) return null;
  if (!(await crypto.subtle.verify("HMAC", await stateKey(secret), sig, encoder.encode(body)))) return null;
  try {
    const payload = payloadSchema.parse(JSON.parse(new TextDecoder().decode(fromB64url(body)!)));
    return payload.exp > now && payload.p === p ? payload : null;
  } catch {
    return null;
  }
}

/**
 * The PKCE code_verifier of a signed state: 43 base64url characters (RFC 7636 §4.1). Only
 * the server can compute it, and each state (with its random nonce) has its own.
 */
export async function pkceVerifier(secret: string, state: string): Promise<string> {
  const key = await stateKey(secret, "baton/oauth-pkce-verifier/v1");
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(state))));
}

/** The S256 code_challenge of a verifier (RFC 7636 §4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(verifier))));
}
