/**
 * Sessions for Salesforce calls. Two documented ways in:
 * - the OAuth 2.0 web server flow: the admin approves once, the refresh token is sealed at
 *   rest, and access tokens are minted from it (refresh_token grant);
 * - the OAuth 2.0 JWT bearer flow: an assertion signed RS256 through WebCrypto with the key
 *   whose certificate is on the connected app (as the Google service account does), no user.
 * Salesforce's token response has no `expires_in` (the org's session timeout decides), so a
 * session is kept until Salesforce answers 401 INVALID_SESSION_ID, then minted once more.
 * Cached per isolate; concurrent refreshes share one request.
 */
import { CrmError } from "../connector";
import { ASSERTION_TTL_S, isAllowedInstanceUrl, type SalesforceConfig } from "./config";
import { tokenErrorSchema, tokenSchema } from "./schemas";

export type Session = { token: string; instanceUrl: string };
export type Grant = Session & { refreshToken: string | null; orgId: string | null };

export type SessionSource = {
  session(signal?: AbortSignal): Promise<Session>;
  /** Forgets the cached session after a 401; false when a fresh one cannot help. */
  invalidate(): boolean;
};

const encoder = new TextEncoder();
const b64url = (bytes: Uint8Array) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
};

const keys = new Map<string, Promise<CryptoKey>>();
function importKey(pem: string): Promise<CryptoKey> {
  let key = keys.get(pem);
  if (!key) {
    const der = atob(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""));
    key = crypto.subtle.importKey(
      "pkcs8",
      Uint8Array.from(der, (c) => c.charCodeAt(0)),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    key.catch(() => keys.delete(pem));
    keys.set(pem, key);
  }
  return key;
}

/** The JWT bearer assertion: iss = consumer key, sub = username, aud = login URL, exp ≤ 3 min. */
export async function signAssertion(cfg: SalesforceConfig, username: string, now: number): Promise<string> {
  if (!cfg.privateKey || !cfg.clientId)
    throw new CrmError(
      "SALESFORCE_CLIENT_ID and SALESFORCE_JWT_PRIVATE_KEY are needed",
      "auth_broken",
      false,
    );
  let key: CryptoKey;
  try {
    key = await importKey(cfg.privateKey);
  } catch {
    throw new CrmError("SALESFORCE_JWT_PRIVATE_KEY is not a PKCS#8 PEM RSA key", "auth_broken", false);
  }
  const header = b64url(encoder.encode(JSON.stringify({ alg: "RS256" })));
  const claims = {
    iss: cfg.clientId,
    sub: username,
    aud: cfg.loginUrl,
    exp: Math.floor(now / 1000) + ASSERTION_TTL_S,
  };
  const input = `${header}.${b64url(encoder.encode(JSON.stringify(claims)))}`;
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, encoder.encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

/** `POST <login>/services/oauth2/token` (form-encoded), for every grant. */
export async function requestGrant(
  cfg: SalesforceConfig,
  form: Record<string, string>,
  signal?: AbortSignal,
): Promise<Grant> {
  let res: Response;
  try {
    res = await fetch(`${cfg.loginUrl}/services/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(form),
      signal,
    });
  } catch {
    throw new CrmError(
      "Salesforce token endpoint unreachable",
      signal?.aborted ? "timeout" : "unavailable",
      true,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status >= 500 || res.status === 429)
    throw new CrmError(`Salesforce token endpoint ${res.status}`, "unavailable", true, res.status);
  const ok = tokenSchema.safeParse(body);
  if (!res.ok || !ok.success) {
    const e = tokenErrorSchema.safeParse(body);
    const why = e.success ? `${e.data.error}: ${e.data.error_description ?? ""}`.trim() : String(res.status);
    throw new CrmError(`Salesforce refused the grant (${why})`, "auth_broken", false, res.status);
  }
  if (!isAllowedInstanceUrl(ok.data.instance_url, cfg.loginUrl))
    throw new CrmError(
      `Salesforce named an instance URL outside Salesforce's domains (${hostOf(ok.data.instance_url)})`,
      "auth_broken",
      false,
    );
  return {
    token: ok.data.access_token,
    instanceUrl: ok.data.instance_url.replace(/\/+$/, ""),
    refreshToken: ok.data.refresh_token ?? null,
    orgId: /\/id\/([^/]+)\//.exec(ok.data.id)?.[1] ?? null,
  };
}

const cache = new Map<string, Session>();
const inflight = new Map<string, Promise<Session>>();

/** A session source over `mint` (one grant request); `key` names the connection version. */
export function cachedSessions(key: string, mint: (signal?: AbortSignal) => Promise<Session>): SessionSource {
  return {
    session(signal) {
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit);
      let pending = inflight.get(key);
      if (!pending) {
        pending = mint(signal)
          .then((s) => (cache.set(key, s), s))
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    invalidate: () => (cache.delete(key), true),
  };
}

export const jwtMint =
  (cfg: SalesforceConfig, username: string, clock: () => number) => async (signal?: AbortSignal) =>
    requestGrant(
      cfg,
      {
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion: await signAssertion(cfg, username, clock()),
      },
      signal,
    );

export const refreshMint =
  (cfg: SalesforceConfig, refreshToken: () => Promise<string>) => async (signal?: AbortSignal) =>
    requestGrant(
      cfg,
      {
        grant_type: "refresh_token",
        refresh_token: await refreshToken(),
        client_id: cfg.clientId ?? "",
        ...(cfg.clientSecret ? { client_secret: cfg.clientSecret } : {}),
      },
      signal,
    );

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : "unparsable");
