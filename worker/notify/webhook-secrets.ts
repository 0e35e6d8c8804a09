import type { WebhookSubscriptionRow } from "./webhook-queries";
import { webhookSecretFromBytes } from "../core/webhooks";
import { keyRing, openSecret, sealSecret } from "../security/crypto";

/** A new random `whsec_` secret; 24 bytes is within the Standard Webhooks 24-64 byte range. */
export function generateWebhookSecret(): string {
  return webhookSecretFromBytes(crypto.getRandomValues(new Uint8Array(24)));
}

/** How long the old secret keeps signing after a rotation, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

type SealedSecret = WebhookSubscriptionRow["secrets"][number];

// Binding the row id as additional data stops a ciphertext copied to another endpoint from opening.
const context = (subscriptionId: string) => `webhook-secret:${subscriptionId}`;

function ring(env: Env) {
  return keyRing(env.ENCRYPTION_KEY, env.ENCRYPTION_KEY_PREVIOUS);
}

/** Seals a new `whsec_` secret for the endpoint. */
export async function sealWebhookSecret(
  env: Env,
  subscriptionId: string,
  secret: string,
  now: number,
): Promise<SealedSecret> {
  const sealed = await sealSecret(secret, await ring(env), context(subscriptionId));
  return { ...sealed, createdAt: now, expiresAt: null };
}

/** The plaintext secrets that still sign, newest first. */
export async function liveSecrets(env: Env, sub: WebhookSubscriptionRow, now: number): Promise<string[]> {
  const r = await ring(env);
  const live = sub.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now);
  return Promise.all(live.map(async (s) => (await openSecret(s, r, context(sub.id))).plaintext));
}

/** The secret list after a rotation: the new one first, the current ones expiring after the overlap. */
export function rotated(current: readonly SealedSecret[], fresh: SealedSecret, now: number): SealedSecret[] {
  const kept = current
    .filter((s) => s.expiresAt === null || s.expiresAt > now)
    .map((s) => ({ ...s, expiresAt: Math.min(s.expiresAt ?? Infinity, now + ROTATION_OVERLAP_MS) }));
  return [fresh, ...kept];
}
