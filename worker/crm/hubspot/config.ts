import { z } from "zod";

/** HubSpot's documented hosts; tests and `npm start` point them at test/fakes/hubspot.ts. */
export const HUBSPOT_DEFAULTS = {
  apiRoot: "https://api.hubapi.com",
  tokenUrl: "https://api.hubapi.com/oauth/v1/token",
  authorizeUrl: "https://app.hubspot.com/oauth/authorize",
  appUrl: "https://app.hubspot.com",
} as const;

/** Scopes the app asks for at install (https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide and the object guides). */
export const HUBSPOT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.companies.read",
  "crm.objects.owners.read",
] as const;

// Optional settings, absent from `wrangler types`; read and checked here, at the edge.
const HubSpotEnv = z.object({
  HUBSPOT_API_ROOT: z.url().optional(),
  HUBSPOT_OAUTH_TOKEN_URL: z.url().optional(),
  HUBSPOT_AUTHORIZE_URL: z.url().optional(),
  HUBSPOT_APP_URL: z.url().optional(),
  HUBSPOT_CLIENT_ID: z.string().optional(),
  HUBSPOT_CLIENT_SECRET: z.string().optional(),
  HUBSPOT_PRIVATE_APP_TOKEN: z.string().optional(),
});

export type HubSpotConfig = {
  apiRoot: string;
  tokenUrl: string;
  authorizeUrl: string;
  appUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  privateAppToken: string | null;
};

const trimSlash = (s: string) => s.replace(/\/+$/, "");

export function hubspotConfig(env: object): HubSpotConfig {
  // wrangler.toml declares some of these as "" (off); empty means unset.
  const set = Object.entries(env).filter(([k, v]) => k.startsWith("HUBSPOT_") && v !== "");
  const e = HubSpotEnv.parse(Object.fromEntries(set));
  return {
    apiRoot: trimSlash(e.HUBSPOT_API_ROOT ?? HUBSPOT_DEFAULTS.apiRoot),
    tokenUrl: e.HUBSPOT_OAUTH_TOKEN_URL ?? HUBSPOT_DEFAULTS.tokenUrl,
    authorizeUrl: e.HUBSPOT_AUTHORIZE_URL ?? HUBSPOT_DEFAULTS.authorizeUrl,
    appUrl: trimSlash(e.HUBSPOT_APP_URL ?? HUBSPOT_DEFAULTS.appUrl),
    clientId: e.HUBSPOT_CLIENT_ID || null,
    clientSecret: e.HUBSPOT_CLIENT_SECRET || null,
    privateAppToken: e.HUBSPOT_PRIVATE_APP_TOKEN || null,
  };
}
