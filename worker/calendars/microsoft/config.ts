import { z } from "zod";

/**
 * Microsoft's production endpoints (identity platform v2.0 and Graph v1.0); tests point the
 * overrides at test/fakes/microsoft-graph.ts. See docs/integrations-microsoft.md.
 */
export const MICROSOFT_LOGIN_ROOT = "https://login.microsoftonline.com/";
export const MICROSOFT_GRAPH_ROOT = "https://graph.microsoft.com/";

/**
 * Delegated scopes of a rep's own connection, least privilege: Calendars.ReadWrite creates,
 * moves and cancels the meetings Baton books and reads free/busy through getSchedule;
 * offline_access returns a refresh token; openid + email name the connected account.
 */
export const MICROSOFT_DELEGATED_SCOPES = [
  "https://graph.microsoft.com/Calendars.ReadWrite",
  "offline_access",
  "openid",
  "email",
];
/** Client credentials always ask for the app's statically consented roles (`/.default`). */
export const MICROSOFT_APP_SCOPE = "https://graph.microsoft.com/.default";

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

const envSchema = z.object({
  MICROSOFT_CLIENT_ID: optionalText,
  MICROSOFT_CLIENT_SECRET: optionalText,
  MICROSOFT_TENANT_ID: optionalText,
  MICROSOFT_APP_ONLY: optionalText,
  MICROSOFT_LOGIN_ROOT: z.url().optional(),
  MICROSOFT_GRAPH_ROOT: z.url().optional(),
  ENCRYPTION_KEY: z.string().min(1),
  ENCRYPTION_KEY_PREVIOUS: optionalText,
});

/** The Microsoft settings of a deployment (all optional: Microsoft 365 is opt-in). */
export type MicrosoftConfig = {
  clientId?: string;
  clientSecret?: string;
  /**
   * Directory (tenant) id or domain. Per-rep sign-in uses it as the authority when set (a
   * single-tenant app), else `organizations`; the app-only connection requires it.
   */
  tenantId?: string;
  /** Client credentials with admin consent read and write every rep's mailbox of the tenant. */
  appOnly: boolean;
  loginRoot: string;
  graphRoot: string;
  encryptionKey: string;
  encryptionKeyPrevious?: string;
};

/**
 * Parses the Microsoft part of env. These names are read from the env record rather than
 * typed on `Env`: they are optional per deployment, like the notification settings.
 */
export function microsoftConfig(env: Env): MicrosoftConfig {
  const parsed = envSchema.parse(env);
  return {
    clientId: parsed.MICROSOFT_CLIENT_ID,
    clientSecret: parsed.MICROSOFT_CLIENT_SECRET,
    tenantId: parsed.MICROSOFT_TENANT_ID,
    appOnly: parsed.MICROSOFT_APP_ONLY === "true",
    loginRoot: parsed.MICROSOFT_LOGIN_ROOT ?? MICROSOFT_LOGIN_ROOT,
    graphRoot: parsed.MICROSOFT_GRAPH_ROOT ?? MICROSOFT_GRAPH_ROOT,
    encryptionKey: parsed.ENCRYPTION_KEY,
    encryptionKeyPrevious: parsed.ENCRYPTION_KEY_PREVIOUS,
  };
}

/** `{login}/{tenant}/oauth2/v2.0/{authorize|token}`: the identity platform v2.0 endpoints. */
export function loginUrl(cfg: MicrosoftConfig, path: "authorize" | "token", tenant?: string): string {
  return new URL(`${tenant ?? cfg.tenantId ?? "organizations"}/oauth2/v2.0/${path}`, cfg.loginRoot).href;
}
