import { z } from "zod";

/** Google's production endpoints; tests point the overrides at test/fakes/google-calendar.ts. */
export const GOOGLE_AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth";
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const GOOGLE_API_ROOT = "https://www.googleapis.com/";

/**
 * Least privilege: `calendar.events` to insert and delete the meetings Baton books,
 * `calendar.freebusy` to read availability (never event details), `email` to show which
 * account a rep connected.
 */
export const GOOGLE_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "openid",
  "email",
];

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

const envSchema = z.object({
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_OAUTH_TOKEN_URL: z.url().optional(),
  GOOGLE_API_ROOT: z.url().optional(),
  GOOGLE_SERVICE_ACCOUNT_KEY: optionalText,
  GOOGLE_SERVICE_ACCOUNT_SUBJECT: optionalText,
  ENCRYPTION_KEY: z.string().min(1),
  ENCRYPTION_KEY_PREVIOUS: optionalText,
});

/** The Google settings of a deployment, read from env (all optional: Google is opt-in). */
export type GoogleConfig = {
  clientId?: string;
  clientSecret?: string;
  tokenUrl: string;
  apiRoot: string;
  /** JSON key of a service account with domain-wide delegation, if the deployment uses one. */
  serviceAccountKey?: string;
  /** Workspace user the service account acts as for free/busy lookups of every rep. */
  serviceAccountSubject?: string;
  encryptionKey: string;
  encryptionKeyPrevious?: string;
};

/** Parses the Google part of env; throws on a malformed override (a deploy error, not a user one). */
export function googleConfig(env: Env): GoogleConfig {
  const parsed = envSchema.parse(env);
  return {
    clientId: parsed.GOOGLE_CLIENT_ID,
    clientSecret: parsed.GOOGLE_CLIENT_SECRET,
    tokenUrl: parsed.GOOGLE_OAUTH_TOKEN_URL ?? GOOGLE_TOKEN_URL,
    apiRoot: parsed.GOOGLE_API_ROOT ?? GOOGLE_API_ROOT,
    serviceAccountKey: parsed.GOOGLE_SERVICE_ACCOUNT_KEY,
    serviceAccountSubject: parsed.GOOGLE_SERVICE_ACCOUNT_SUBJECT,
    encryptionKey: parsed.ENCRYPTION_KEY,
    encryptionKeyPrevious: parsed.ENCRYPTION_KEY_PREVIOUS,
  };
}
