/**
 * Helpers for tests that run the Microsoft provider against test/fakes/microsoft-graph.ts,
 * whose address vitest.config.ts passes in as MICROSOFT_GRAPH_ROOT and MICROSOFT_LOGIN_ROOT.
 */
import { env } from "cloudflare:workers";
import { upsertConnection } from "../../worker/calendars/connection-queries";
import { database } from "../../worker/db/client";
import { sealContext } from "../../worker/calendars/oauth/credentials";
import { keyRing, sealSecret } from "../../worker/security/crypto";
import { callControl } from "../fakes/control-client";
import type { FakeEvent, GraphRequest } from "../fakes/microsoft-graph";

const root = (env as unknown as { MICROSOFT_GRAPH_ROOT: string }).MICROSOFT_GRAPH_ROOT;

const control = <T>(path: string, body?: unknown) => callControl<T>(new URL(`__control/${path}`, root), body);

export const graph = {
  /** Queues outcomes for the next requests touching `key` (a mailbox, schedule or grant). */
  faults: (key: string, faults: string[]) => control("faults", { key, faults }),
  busy: (schedule: string, items: { status: string; start: string; end: string }[]) =>
    control("busy", { schedule, items }),
  /** The account's refresh tokens stop working: 50173 = revoked, 65001 = consent withdrawn. */
  withdraw: (email: string, aadsts: 50173 | 65001) => control("withdraw", { email, aadsts }),
  requests: async (prefix: string) =>
    (await control<{ requests: GraphRequest[] }>(`requests?key=${encodeURIComponent(prefix)}`)).requests,
  waitFor: (prefix: string, count = 1) => control(`wait?key=${encodeURIComponent(prefix)}&count=${count}`),
  /** Events stored in mailboxes starting with `prefix`, cancelled ones included. */
  events: async (prefix: string) =>
    (await control<{ events: FakeEvent[] }>(`events?key=${encodeURIComponent(prefix)}`)).events,
};

/** Stores a rep's Microsoft connection as the callback would (refresh token `rt:<email>` by default). */
export async function connectMicrosoftRep(repId: string, refreshToken: string, key = env.ENCRYPTION_KEY) {
  const sealed = await sealSecret(refreshToken, await keyRing(key), sealContext(repId));
  const db = database(env.DB);
  await upsertConnection(db, {
    repId,
    provider: "microsoft",
    accountEmail: refreshToken.split(":")[1] ?? null,
    encryptedRefreshToken: sealed.ciphertext,
    keyId: sealed.keyId,
    scopes: "https://graph.microsoft.com/Calendars.ReadWrite",
    now: 0,
  });
}

/** env with the app-only (client credentials) connection switched on for `tenant`. */
export const appOnlyEnv = (tenant: string) =>
  ({ ...env, MICROSOFT_APP_ONLY: "true", MICROSOFT_TENANT_ID: tenant }) as unknown as Env;
