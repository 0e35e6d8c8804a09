import { z } from "zod";

/**
 * The REST API version every call uses, pinned here and nowhere else (Winter '25). Salesforce
 * keeps old versions working for years; moving it is a deliberate change with the fake's shapes
 * re-checked (docs/integrations-salesforce.md).
 */
export const SALESFORCE_API_VERSION = "v62.0";

/** Salesforce's documented login host; sandboxes use https://test.salesforce.com. */
export const SALESFORCE_DEFAULTS = { loginUrl: "https://login.salesforce.com" } as const;

/**
 * Hosts an org's `instance_url` may live under (Salesforce's My Domain URL formats: production,
 * sandbox, Developer Edition and Government Cloud, and Hyperforce China). Every API call goes to
 * the instance URL a token response names, so a host outside these (or the configured login
 * host, which is how a test or a proxy stands in) is refused rather than sent the bearer token.
 */
export const SALESFORCE_INSTANCE_DOMAINS = [
  "salesforce.com",
  "force.com",
  "cloudforce.com",
  "salesforce.mil",
  "sfcrmproducts.cn",
] as const;

/** True when `instanceUrl` may receive the org's access token. */
export function isAllowedInstanceUrl(instanceUrl: string, loginUrl: string): boolean {
  if (!URL.canParse(instanceUrl)) return false;
  const url = new URL(instanceUrl);
  if (url.host === new URL(loginUrl).host) return true;
  if (url.protocol !== "https:" || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return SALESFORCE_INSTANCE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}

/** The JWT bearer assertion may be valid for at most 3 minutes (Salesforce's rule). */
export const ASSERTION_TTL_S = 170;

// Optional settings, absent from `wrangler types`; read and checked here, at the edge.
const SalesforceEnv = z.object({
  SALESFORCE_LOGIN_URL: z.url().optional(),
  SALESFORCE_CLIENT_ID: z.string().optional(),
  SALESFORCE_CLIENT_SECRET: z.string().optional(),
  SALESFORCE_JWT_PRIVATE_KEY: z.string().optional(),
});

export type SalesforceConfig = {
  loginUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  /** PKCS#8 PEM of the key whose certificate is on the connected app (JWT bearer flow). */
  privateKey: string | null;
};

export function salesforceConfig(env: object): SalesforceConfig {
  // wrangler.toml declares some of these as "" (off); empty means unset.
  const set = Object.entries(env).filter(([k, v]) => k.startsWith("SALESFORCE_") && v !== "");
  const e = SalesforceEnv.parse(Object.fromEntries(set));
  return {
    loginUrl: (e.SALESFORCE_LOGIN_URL ?? SALESFORCE_DEFAULTS.loginUrl).replace(/\/+$/, ""),
    clientId: e.SALESFORCE_CLIENT_ID || null,
    clientSecret: e.SALESFORCE_CLIENT_SECRET || null,
    privateKey: e.SALESFORCE_JWT_PRIVATE_KEY || null,
  };
}
