import { describe, expect, it } from "vitest";
import { CryptoError, keyRing, openSecret, sealSecret } from "../../worker/security/crypto";

const keyA = btoa("a".repeat(32));
const keyB = btoa("b".repeat(32));

describe("AES-GCM secrets at rest", () => {
  it("round-trips a secret and never stores the plaintext", async () => {
    const ring = await keyRing(keyA);
    const sealed = await sealSecret("1//refresh-token-value", ring, "calendar_connections:ana");
    expect(sealed.ciphertext).not.toContain("refresh");
    expect(sealed.keyId).toBe(ring.current.id);
    expect(await openSecret(sealed, ring, "calendar_connections:ana")).toEqual({
      plaintext: "1//refresh-token-value",
      stale: false,
    });
  });

  it("uses a fresh IV every time, so equal secrets give different ciphertexts", async () => {
    const ring = await keyRing(keyA);
    const [one, two] = await Promise.all([sealSecret("same", ring, "c"), sealSecret("same", ring, "c")]);
    expect(one.ciphertext).not.toBe(two.ciphertext);
  });

  it("decrypts with the previous key after rotation and flags the secret as stale", async () => {
    const before = await sealSecret("secret", await keyRing(keyA), "ctx");
    const rotated = await keyRing(keyB, keyA);
    expect(rotated.current.id).not.toBe(before.keyId);
    expect(await openSecret(before, rotated, "ctx")).toEqual({ plaintext: "secret", stale: true });
    const resealed = await sealSecret("secret", rotated, "ctx");
    expect(resealed.keyId).toBe(rotated.current.id);
    expect(await openSecret(resealed, await keyRing(keyB), "ctx")).toEqual({
      plaintext: "secret",
      stale: false,
    });
  });

  it("refuses a ciphertext whose key is no longer in the ring", async () => {
    const before = await sealSecret("secret", await keyRing(keyA), "ctx");
    await expect(openSecret(before, await keyRing(keyB), "ctx")).rejects.toThrow(CryptoError);
  });

  it("detects a flipped bit, a swapped key id and a ciphertext moved to another row", async () => {
    const ring = await keyRing(keyA);
    const sealed = await sealSecret("secret", ring, "calendar_connections:ana");
    const bytes = Uint8Array.from(atob(sealed.ciphertext), (c) => c.charCodeAt(0));
    bytes[bytes.length - 1]! ^= 1;
    const flipped = { ...sealed, ciphertext: btoa(String.fromCharCode(...bytes)) };
    await expect(openSecret(flipped, ring, "calendar_connections:ana")).rejects.toThrow(
      "failed authentication",
    );
    await expect(openSecret(sealed, ring, "calendar_connections:bob")).rejects.toThrow(
      "failed authentication",
    );
    const other = await keyRing(keyB, keyA);
    const swapped = { ...sealed, keyId: other.current.id };
    await expect(openSecret(swapped, other, "calendar_connections:ana")).rejects.toThrow(
      "failed authentication",
    );
  });

  it("rejects a key that is not 32 bytes of base64", async () => {
    await expect(keyRing(btoa("short"))).rejects.toThrow("32 bytes");
    await expect(keyRing("%%%")).rejects.toThrow(CryptoError);
  });
});
