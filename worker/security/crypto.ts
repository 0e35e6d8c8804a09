/**
 * Encryption at rest for secrets Baton must be able to read back (OAuth refresh tokens).
 * AES-256-GCM from WebCrypto; the key comes from the `ENCRYPTION_KEY` secret (base64, 32
 * bytes). Every ciphertext is stored with the id of the key that sealed it, so a key can be
 * rotated: the new key goes in `ENCRYPTION_KEY`, the old one in `ENCRYPTION_KEY_PREVIOUS`
 * (decrypt only), and rows are re-encrypted with the current key the next time they are used.
 */
const encoder = new TextEncoder();

/** A sealed secret as stored: base64(iv ‖ ciphertext ‖ tag) and the id of its key. */
export type Sealed = { ciphertext: string; keyId: string };

type RingKey = { id: string; key: CryptoKey };
/** The current key (encrypts and decrypts) and optionally the previous one (decrypts only). */
export type KeyRing = { current: RingKey; previous?: RingKey };

/** Thrown for a missing or malformed key, an unknown key id, or a ciphertext that fails to authenticate. */
export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CryptoError";
  }
}

const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new CryptoError("not base64");
  }
}

/**
 * Imports one base64 secret as a key. The AES key is derived with HKDF rather than used raw,
 * because the same secret also seeds the HMAC key for signed links (signed-tokens.ts).
 * The id is a fingerprint of the secret, so it does not depend on which variable holds it.
 */
export async function importEncryptionKey(secret: string): Promise<RingKey> {
  const raw = fromBase64(secret.trim());
  if (raw.length !== 32) throw new CryptoError("encryption key must be 32 bytes, base64-encoded");
  const base = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("baton/aes-gcm/v1") },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const id = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
  return { id: `k1:${id}`, key };
}

const ringCache = new Map<string, Promise<KeyRing>>();

/** The key ring from `ENCRYPTION_KEY` and the optional `ENCRYPTION_KEY_PREVIOUS`, cached per isolate. */
export function keyRing(current: string, previous?: string): Promise<KeyRing> {
  const cacheKey = `${current}\n${previous ?? ""}`;
  let ring = ringCache.get(cacheKey);
  if (!ring) {
    ring = (async () => {
      const cur = await importEncryptionKey(current);
      return previous ? { current: cur, previous: await importEncryptionKey(previous) } : { current: cur };
    })();
    // A bad secret must not be cached as a rejected promise for the isolate's lifetime.
    ring.catch(() => ringCache.delete(cacheKey));
    ringCache.set(cacheKey, ring);
  }
  return ring;
}

/**
 * Encrypts with the current key. `context` is bound as additional data (e.g. the row it
 * belongs to), so a ciphertext copied into another row fails to decrypt.
 */
export async function sealSecret(plaintext: string, ring: KeyRing, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    ring.current.key,
    encoder.encode(plaintext),
  );
  const out = new Uint8Array(IV_BYTES + data.byteLength);
  out.set(iv);
  out.set(new Uint8Array(data), IV_BYTES);
  return { ciphertext: toBase64(out), keyId: ring.current.id };
}

/** Decrypts; `stale` says the secret was sealed with the previous key and should be sealed again. */
export async function openSecret(
  sealed: Sealed,
  ring: KeyRing,
  context: string,
): Promise<{ plaintext: string; stale: boolean }> {
  const match = [ring.current, ring.previous].find((k) => k?.id === sealed.keyId);
  if (!match) throw new CryptoError(`no key with id ${sealed.keyId}`);
  const bytes = fromBase64(sealed.ciphertext);
  if (bytes.length <= IV_BYTES) throw new CryptoError("ciphertext too short");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES), additionalData: encoder.encode(context) },
      match.key,
      bytes.slice(IV_BYTES),
    );
    return { plaintext: new TextDecoder().decode(plain), stale: match !== ring.current };
  } catch {
    throw new CryptoError("ciphertext failed authentication");
  }
}
