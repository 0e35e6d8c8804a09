/**
 * Helpers for tests that run the Google provider against test/fakes/google-calendar.ts,
 * whose address vitest.config.ts passes in as GOOGLE_API_ROOT.
 */
import { env } from "cloudflare:workers";
import { database } from "../../worker/db/client";
import { upsertConnection } from "../../worker/calendars/connection-queries";
import { sealContext } from "../../worker/calendars/oauth/credentials";
import { keyRing, sealSecret } from "../../worker/security/crypto";
import { callControl } from "../fakes/control-client";
import type { RecordedRequest } from "../fakes/google-calendar";

const root = (env as unknown as { GOOGLE_API_ROOT: string }).GOOGLE_API_ROOT;

const control = <T>(path: string, body?: unknown) => callControl<T>(new URL(`__control/${path}`, root), body);

export const fake = {
  /** Queues outcomes for the next requests touching `key` (a calendar id or refresh token). */
  faults: (key: string, faults: string[]) => control("faults", { key, faults }),
  busy: (calendarId: string, busy: { start: string; end: string }[]) => control("busy", { calendarId, busy }),
  /** Requests received so far that touched a key starting with `prefix`. */
  requests: async (prefix: string) =>
    (await control<{ requests: RecordedRequest[] }>(`requests?key=${encodeURIComponent(prefix)}`)).requests,
  /** Resolves once `count` such requests have arrived (long poll, no sleeping). */
  waitFor: (prefix: string, count = 1) => control(`wait?key=${encodeURIComponent(prefix)}&count=${count}`),
};

/** A unique tag so each test's calendar ids and tokens are its own on the shared fake. */
export const uniq = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

/** Time that only moves when the code under test sleeps; records every sleep. */
export function fakeClock(start: number) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => void (t += ms),
    sleeps,
  };
}

/** Stores a connected rep whose refresh token the fake knows (`rt:<email>`), as the callback would. */
export async function connectRep(repId: string, refreshToken: string, key = env.ENCRYPTION_KEY) {
  const sealed = await sealSecret(refreshToken, await keyRing(key), sealContext(repId));
  const db = database(env.DB);
  await upsertConnection(db, {
    repId,
    provider: "google",
    accountEmail: refreshToken.replace(/^\w+:/, ""),
    encryptedRefreshToken: sealed.ciphertext,
    keyId: sealed.keyId,
    scopes: "https://www.googleapis.com/auth/calendar.events",
    now: 0,
  });
}

export async function connectionRow(repId: string) {
  return env.DB.prepare(
    "SELECT status, last_error, key_id, encrypted_refresh_token FROM calendar_connections WHERE rep_id = ?",
  )
    .bind(repId)
    .first<{ status: string; last_error: string | null; key_id: string; encrypted_refresh_token: string }>();
}
