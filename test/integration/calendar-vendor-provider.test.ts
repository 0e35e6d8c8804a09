/**
 * What the Google and Microsoft providers do alike before any vendor call: a rep with no
 * usable calendar, connections that cannot be read, and the admin's notice of a broken
 * connection. (The vendor calls themselves are in the google-* and microsoft-* tests.)
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { createGoogleProvider } from "../../worker/calendars/google/provider";
import { createMicrosoftProvider } from "../../worker/calendars/microsoft/provider";
import { CalendarError, type CalendarEventInput } from "../../worker/calendars/provider";
import { queueBrokenNotifier } from "../../worker/calendars/vendor-provider";
import { database } from "../../worker/db/client";
import { uniq } from "./google-fake";

const NOW = Date.parse("2026-03-09T15:00:00Z");
const TO = NOW + 86_400_000;

const providers = [
  {
    vendor: "google",
    name: "Google",
    make: (db: D1Database) =>
      createGoogleProvider(env, database(db), { cache: new FreeBusyCache(), notifyBroken: vi.fn() }),
    /** Google has nothing to offer for a rep it cannot read. */
    reasonsIn: "unavailable",
  },
  {
    vendor: "microsoft",
    name: "Microsoft",
    make: (db: D1Database) =>
      createMicrosoftProvider(env, database(db), { cache: new FreeBusyCache(), notifyBroken: vi.fn() }),
    /** Microsoft offers such a rep on Baton's own busy time. */
    reasonsIn: "fallback",
  },
] as const;

/** A D1 that fails every statement, as during an outage. */
const downD1 = {
  prepare() {
    throw new Error("D1 is down");
  },
} as unknown as D1Database;

describe.each(providers)("the $name provider", ({ vendor, name, make, reasonsIn }) => {
  it("names a rep with no connection (and no deployment-wide credential) not connected", async () => {
    const repId = uniq("nobody");
    const result = await make(env.DB).busy([repId], NOW, TO);
    expect(result[reasonsIn]?.get(repId)).toBe(`${vendor}:not_connected`);
    expect(result.busy.has(repId)).toBe(false);
  });

  it("answers every rep unavailable, without throwing, when the connections cannot be read", async () => {
    const result = await make(downD1).busy(["a", "b"], NOW, TO);
    expect(result.busy.size).toBe(0);
    expect([...result.unavailable]).toEqual([
      ["a", `${vendor}:connections_unreadable`],
      ["b", `${vendor}:connections_unreadable`],
    ]);
  });

  it("refuses to write an event for a rep with no usable calendar, as a permanent auth error", async () => {
    const repId = uniq("nobody");
    const input = { repId, start: NOW, end: NOW + 1_800_000 } as CalendarEventInput;
    const err = await make(env.DB)
      .createEvent(input)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CalendarError);
    expect(err).toMatchObject({
      message: `No usable ${name} calendar for rep ${repId} (${vendor}:not_connected)`,
      kind: "auth_broken",
      retryable: false,
    });
  });

  it("tells the admin of a broken connection through the notifications queue", async () => {
    const send = vi.fn(async () => {});
    const notify = queueBrokenNotifier({ NOTIFICATIONS: { send } } as unknown as Env, vendor);
    await notify({ repId: "rep-1", accountEmail: "rep@acme.test", reason: "invalid_grant" });
    expect(send).toHaveBeenCalledWith({
      id: expect.any(String),
      channel: "admin",
      eventType: "calendar.broken",
      target: "rep:rep-1",
      payload: { provider: vendor, repId: "rep-1", accountEmail: "rep@acme.test", reason: "invalid_grant" },
    });
  });
});
