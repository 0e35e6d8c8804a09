const encoder = new TextEncoder();

/** Prefix that makes a leaked Baton API token easy to recognise in secret scanners. */
export const API_TOKEN_PREFIX = "bat_";

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** SHA-256 of a text, as hex. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** Tokens are random and long, so a fast hash is enough to store them (no KDF needed). */
export const hashToken = sha256Hex;

/** A new API token: 32 random bytes, shown to its creator once and stored only as a hash. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Compares two secrets in time that does not depend on where they differ. Both sides are
 * hashed first so that the comparison also hides the secret's length.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}
