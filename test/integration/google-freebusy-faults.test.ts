import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { createGoogleProvider, type GoogleProviderOptions } from "../../worker/calendars/google/provider";
import { database } from "../../worker/db/client";
import { keyRing } from "../../worker/security/crypto";
import { connectionRow, connectRep, fake, fakeClock, uniq } from "./google-fake";

const NOW = Date.parse("2026-03-09T15:00:00Z");
const TO = NOW + 7 * 86_400_000;
const FREEBUSY = "/calendar/v3/freeBusy";

/** One connected rep with its own tag; the provider runs on fake time with full jitter = 1. */
async function setup(opts: GoogleProviderOptions = {}, e: Env = env) {
  const email = `${uniq("rep")}@acme.test`;
  const repId = email.split("@")[0]!;
  await connectRep(repId, `rt:${email}`, e.ENCRYPTION_KEY);
  const clock = fakeClock(NOW);
  const notifyBroken = vi.fn(async () => {});
  const reps = [{ id: repId, email, calendar: { provider: "google", calendarId: email } }];
  const p = createGoogleProvider(e, database(env.DB), {
    clock,
    random: () => 1,
    cache: new FreeBusyCache(),
    notifyBroken,
    reps,
    ...opts,
  });
  const calls = async () => (await fake.requests(email)).filter((r) => r.path === FREEBUSY).length;
  return { p, clock, notifyBroken, email, repId, calls };
}

describe("Google free/busy under faults", () => {
  it("serves a repeat within a minute from the cache and asks Google again after it", async () => {
    const { p, clock, repId, calls } = await setup();
    await p.busy([repId], NOW, TO);
    clock.advance(30_000);
    const again = await p.busy([repId], NOW + 30_000, TO + 30_000);
    expect(again.busy.get(repId)).toEqual([]);
    expect(await calls()).toBe(1);
    clock.advance(31_000);
    await p.busy([repId], NOW + 61_000, TO + 61_000);
    expect(await calls()).toBe(2);
  });

  it.each([["rateLimitExceeded"], ["userRateLimitExceeded"], ["500"], ["503"]])(
    "backs off after a %s and then succeeds",
    async (fault) => {
      const { p, clock, email, repId, calls } = await setup();
      await fake.faults(email, [fault]);
      const result = await p.busy([repId], NOW, TO);
      expect(result.busy.get(repId)).toEqual([]);
      expect(await calls()).toBe(2);
      expect(clock.sleeps).toEqual([250]);
    },
  );

  it("waits at least Google's Retry-After on a 429, growing the backoff each time", async () => {
    const { p, clock, email, repId, calls } = await setup();
    await fake.faults(email, ["429", "429"]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.size).toBe(0);
    expect(await calls()).toBe(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it("stops after four attempts on a persistent 500 and reports the rep unavailable without throwing", async () => {
    const { p, clock, email, repId, calls } = await setup({ busyTimeoutMs: 60_000 });
    await fake.faults(email, ["500", "500", "500", "500", "500"]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.get(repId)).toBe("google:unavailable");
    expect(result.busy.has(repId)).toBe(false);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(await calls()).toBe(4);
  });

  it("does not start a retry that could not finish within the budget", async () => {
    const { p, clock, email, repId, calls } = await setup({ busyTimeoutMs: 1_500 });
    await fake.faults(email, ["503", "503", "503"]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.get(repId)).toBe("google:unavailable");
    // 250 + 500 fit in 1.5 s; the next wait of 1000 would end past it.
    expect(clock.sleeps).toEqual([250, 500]);
    expect(await calls()).toBe(3);
  });

  it("reports the rep unavailable, without throwing, when Google hangs past the deadline", async () => {
    const deadline = new AbortController();
    const { p, email, repId, calls } = await setup({ deadlineSignal: () => deadline.signal });
    await fake.faults(email, ["hang"]);
    const pending = p.busy([repId], NOW, TO);
    await fake.waitFor(email, 1);
    deadline.abort();
    const result = await pending;
    expect(result.unavailable.get(repId)).toBe("google:timeout");
    expect(await calls()).toBe(1);
  });

  it("marks the connection broken on invalid_grant, tells the admin once and stops calling Google", async () => {
    const email = `${uniq("gone")}@acme.test`;
    await connectRep("gone-rep", `revoked:${email}`);
    const notifyBroken = vi.fn(async () => {});
    const opts = { clock: fakeClock(NOW), cache: new FreeBusyCache(), notifyBroken };
    const p = createGoogleProvider(env, database(env.DB), opts);
    const first = await p.busy(["gone-rep"], NOW, TO);
    expect(first.unavailable.get("gone-rep")).toBe("google:auth_broken");
    expect(await connectionRow("gone-rep")).toMatchObject({
      status: "broken",
      last_error: expect.stringContaining("invalid_grant"),
    });
    expect(notifyBroken).toHaveBeenCalledExactlyOnceWith({
      repId: "gone-rep",
      accountEmail: email,
      reason: expect.stringContaining("invalid_grant"),
    });
    const second = await p.busy(["gone-rep"], NOW, TO);
    expect(second.unavailable.get("gone-rep")).toBe("google:connection_broken");
    expect(await fake.requests(`revoked:${email}`)).toHaveLength(1);
    expect(notifyBroken).toHaveBeenCalledTimes(1);
  });

  it("reads a token sealed with the previous key after rotation and re-seals it with the current one", async () => {
    const oldKey = btoa("o".repeat(32));
    const newKey = btoa("n".repeat(32));
    const rotated = { ...env, ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey } as Env;
    const repId = uniq("rotated");
    await connectRep(repId, `rt:${repId}@acme.test`, oldKey);
    const p = createGoogleProvider(rotated, database(env.DB), {
      clock: fakeClock(NOW),
      cache: new FreeBusyCache(),
    });
    expect((await connectionRow(repId))!.key_id).toBe((await keyRing(oldKey)).current.id);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.size).toBe(0);
    expect((await connectionRow(repId))!.key_id).toBe((await keyRing(newKey)).current.id);
  });

  it("reports only the rep whose calendar Google could not find", async () => {
    const { p, email, repId } = await setup();
    await fake.faults(email, ["notFound"]);
    const result = await p.busy([repId, "nobody"], NOW, TO);
    expect(result.unavailable).toEqual(
      new Map([
        [repId, "google:notFound"],
        ["nobody", "google:not_connected"],
      ]),
    );
  });
});
