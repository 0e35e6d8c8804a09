/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the secret's base64 bytes, sent as
 * `v1,<base64>`; several space-separated signatures while a secret is being rotated.
 * WebCrypto only, so it runs unchanged in workerd and in Node.
 */
const encoder = new TextEncoder();
const SECRET_PREFIX = "whsec_";

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The key bytes of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
export function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * A `whsec_…` secret from key bytes the caller drew (core draws no randomness; see
 * generateWebhookSecret in worker/notify/webhook-secrets.ts).
 */
export function webhookSecretFromBytes(bytes: Uint8Array): string {
  return SECRET_PREFIX + toBase64(bytes);
}

async function sign(secret: string, content: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    secretBytes(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content))))}`;
}

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * The three headers for one delivery attempt. `timestampSeconds` is the attempt's time, not
 * the event's: receivers reject stale timestamps to stop replays, so a retry is re-signed.
 */
export async function signWebhook(input: {
  id: string;
  timestampSeconds: number;
  body: string;
  secrets: readonly string[];
}): Promise<SignedHeaders> {
  if (input.secrets.length === 0) throw new Error("no signing secret");
  const content = `${input.id}.${input.timestampSeconds}.${input.body}`;
  const signatures = await Promise.all(input.secrets.map((s) => sign(s, content)));
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}
