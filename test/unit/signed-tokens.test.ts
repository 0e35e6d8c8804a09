import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signingKey, signToken, verifyToken } from "../../worker/security/signed-tokens";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NOW = Date.UTC(2026, 11, 1);
const expected = { purpose: "signin", subject: "ava", now: NOW } as const;

describe("signed tokens", () => {
  it("admit a token as signed and refuse every other spelling of its signature", async () => {
    const key = await signingKey("test-secret-of-sufficient-length");
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.nat({ max: 42 }),
        fc.constantFrom(...ALPHABET),
        async (nonce, at, replacement) => {
          const token = await signToken({ p: "signin", sub: "ava", exp: NOW + 1000, n: nonce }, key);
          expect(await verifyToken(token, key, expected)).not.toBeNull();
          const [body, mac] = token.split(".") as [string, string];
          fc.pre(mac[at] !== replacement);
          const tampered = `${body}.${mac.slice(0, at)}${replacement}${mac.slice(at + 1)}`;
          // Includes the last character, whose two spare bits decode to the same bytes.
          expect(await verifyToken(tampered, key, expected)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
