/**
 * Service account with domain-wide delegation: a JWT signed with RS256 through WebCrypto,
 * exchanged with the JWT bearer grant (RFC 7523; Google's "Using OAuth 2.0 for Server to
 * Server Applications"). `sub` names the Workspace user the account acts as.
 */
import { z } from "zod";

const keyFileSchema = z.object({ client_email: z.string().min(1), private_key: z.string().min(1) });

const encoder = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const keyCache = new Map<string, Promise<{ email: string; key: CryptoKey }>>();

/** Imports the PKCS#8 PEM private key of a Google JSON key file, once per isolate. */
export function importServiceAccount(keyJson: string): Promise<{ email: string; key: CryptoKey }> {
  let entry = keyCache.get(keyJson);
  if (!entry) {
    entry = (async () => {
      const file = keyFileSchema.parse(JSON.parse(keyJson));
      const der = atob(file.private_key.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""));
      const key = await crypto.subtle.importKey(
        "pkcs8",
        Uint8Array.from(der, (c) => c.charCodeAt(0)),
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["sign"],
      );
      return { email: file.client_email, key };
    })();
    entry.catch(() => keyCache.delete(keyJson));
    keyCache.set(keyJson, entry);
  }
  return entry;
}

/** The signed assertion for the JWT bearer grant, valid for an hour (Google's maximum). */
export async function signAssertion(
  account: { email: string; key: CryptoKey },
  claims: { subject: string; scopes: readonly string[]; audience: string; now: number },
): Promise<string> {
  const iat = Math.floor(claims.now / 1000);
  const header = b64url(encoder.encode(JSON.stringify({ alg: "RS256", typ: "JWT" })));
  const payload = b64url(
    encoder.encode(
      JSON.stringify({
        iss: account.email,
        sub: claims.subject,
        scope: claims.scopes.join(" "),
        aud: claims.audience,
        iat,
        exp: iat + 3600,
      }),
    ),
  );
  const input = `${header}.${payload}`;
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", account.key, encoder.encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}
