/**
 * Compact signed tokens for links and bearer capabilities (booking, accept, manage).
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256). Each token names its purpose,
 * so a booking token can never be replayed as an accept link.
 */
const encoder = new TextEncoder();

export type TokenPurpose = "book" | "accept" | "manage" | "signin";
export type TokenPayload = { p: TokenPurpose; sub: string; exp: number; [k: string]: unknown };

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Bytes of a base64url text; null for anything else (a token from a URL is untrusted input). */
export function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  // A length of 4n+1 is never base64, and atob throws on it: one stray character must not be a 500.
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * Derives the signing key from the ENCRYPTION_KEY secret with HKDF, so one secret serves
 * both purposes while the two keys stay independent.
 */
export function signingKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("baton/signing/v1") },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keyCache.set(secret, key);
  }
  return key;
}

export async function signToken(payload: TokenPayload, key: CryptoKey): Promise<string> {
  const body = b64url(encoder.encode(JSON.stringify(payload)));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `${body}.${b64url(mac)}`;
}

/** The payload when the signature is valid, the purpose and subject match and it has not expired. */
export async function verifyToken(
  token: string,
  key: CryptoKey,
  expected: { purpose: TokenPurpose; subject: string; now: number },
): Promise<TokenPayload | null> {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined || token.length > 4096) return null;
  const sig = fromB64url(mac);
  // Only the canonical encoding: base64url's spare low bits would otherwise give each
  // signature several spellings, and a link must have exactly one.
  if (!sig || b64url(sig) !== mac) return null;
  if (!(await crypto.subtle.verify("HMAC", key, sig, encoder.encode(body)))) return null;
  let payload: TokenPayload;
  try {
    const bytes = fromB64url(body);
    if (!bytes) return null;
    payload = JSON.parse(new TextDecoder().decode(bytes)) as TokenPayload;
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  if (payload.p !== expected.purpose || payload.sub !== expected.subject) return null;
  if (typeof payload.exp !== "number" || payload.exp <= expected.now) return null;
  return payload;
}
