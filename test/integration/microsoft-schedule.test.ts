import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import {
  createMicrosoftProvider,
  type MicrosoftProviderOptions,
} from "../../worker/calendars/microsoft/provider";
import { database } from "../../worker/db/client";
import { connectionRow, fakeClock, uniq } from "./google-fake";
import { appOnlyEnv, connectMicrosoftRep, graph } from "./microsoft-fake";

const NOW = Date.parse("2026-03-09T15:00:00Z");
const TO = NOW + 7 * 86_400_000;
const SCHEDULE = "/calendar/getSchedule";

/** One connected rep with its own mailbox; the provider runs on fake time with full jitter = 1. */
async function setup(opts: MicrosoftProviderOptions = {}, refresh = "rt") {
  const email = `${uniq("ms")}@contoso.test`;
  const repId = email.split("@")[0]!;
  await connectMicrosoftRep(repId, `${refresh}:${email}`);
  const clock = fakeClock(NOW);
  const notifyBroken = vi.fn(async () => {});
  const reps = [{ id: repId, email, calendar: { provider: "microsoft" } }];
  const p = createMicrosoftProvider(env, database(env.DB), {
    clock,
    random: () => 1,
    cache: new FreeBusyCache(),
    notifyBroken,
    reps,
    ...opts,
  });
  const calls = async () => (await graph.requests(email)).filter((r) => r.path.endsWith(SCHEDULE)).length;
  return { p, clock, notifyBroken, email, repId, calls };
}

describe("Outlook free/busy through getSchedule", () => {
  it("reads busy, tentative and out-of-office items as busy, and free or elsewhere as bookable", async () => {
    const { p, email, repId, calls } = await setup();
    await graph.busy(email, [
      { status: "busy", start: "2026-03-10T09:00:00Z", end: "2026-03-10T10:00:00Z" },
      { status: "tentative", start: "2026-03-10T11:00:00Z", end: "2026-03-10T11:30:00Z" },
      { status: "oof", start: "2026-03-11T00:00:00Z", end: "2026-03-12T00:00:00Z" },
      { status: "free", start: "2026-03-10T12:00:00Z", end: "2026-03-10T13:00:00Z" },
      { status: "workingElsewhere", start: "2026-03-10T14:00:00Z", end: "2026-03-10T15:00:00Z" },
    ]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.busy.get(repId)).toEqual([
      { start: Date.parse("2026-03-10T09:00:00Z"), end: Date.parse("2026-03-10T10:00:00Z") },
      { start: Date.parse("2026-03-10T11:00:00Z"), end: Date.parse("2026-03-10T11:30:00Z") },
      { start: Date.parse("2026-03-11T00:00:00Z"), end: Date.parse("2026-03-12T00:00:00Z") },
    ]);
    const [req] = (await graph.requests(email)).filter((r) => r.path.endsWith(SCHEDULE));
    expect(req).toMatchObject({ path: "/v1.0/me/calendar/getSchedule" });
    expect(req!.body).toMatchObject({
      schedules: [email],
      startTime: { dateTime: "2026-03-09T15:00:00", timeZone: "UTC" },
      availabilityViewInterval: 15,
    });
    expect(await calls()).toBe(1);
  });

  it("asks for 45 app-only mailboxes in three requests of at most 20, with one token", async () => {
    const tenant = uniq("tenant");
    const reps = Array.from({ length: 45 }, (_, i) => {
      const email = `${tenant}-${i}@contoso.test`;
      return { id: `${tenant}-${i}`, email, calendar: { provider: "microsoft" } };
    });
    const p = createMicrosoftProvider(appOnlyEnv(tenant), database(env.DB), {
      clock: fakeClock(NOW),
      random: () => 1,
      cache: new FreeBusyCache(),
      reps,
    });
    const result = await p.busy(
      reps.map((r) => r.id),
      NOW,
      TO,
    );
    expect(result.busy.size).toBe(45);
    const sent = await graph.requests(`${tenant}-`);
    const schedules = sent.filter((r) => r.path.endsWith(SCHEDULE));
    expect(
      schedules.map((r) => (r.body as { schedules: string[] }).schedules.length).toSorted((a, b) => b - a),
    ).toEqual([20, 20, 5]);
    expect(schedules.every((r) => r.path.startsWith(`/v1.0/users/${tenant}-`))).toBe(true);
    expect((await graph.requests(`tenant:${tenant}`)).filter((r) => r.path.endsWith("/token"))).toHaveLength(
      1,
    );
  });

  it("serves a repeat within a minute from the cache", async () => {
    const { p, clock, repId, calls } = await setup();
    await p.busy([repId], NOW, TO);
    clock.advance(30_000);
    await p.busy([repId], NOW + 30_000, TO + 30_000);
    expect(await calls()).toBe(1);
    clock.advance(31_000);
    await p.busy([repId], NOW + 61_000, TO + 61_000);
    expect(await calls()).toBe(2);
  });

  it.each([["503"], ["504"]])("backs off after a %s and then succeeds", async (fault) => {
    const { p, clock, email, repId, calls } = await setup();
    await graph.faults(email, [fault]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.busy.get(repId)).toEqual([]);
    expect(await calls()).toBe(2);
    expect(clock.sleeps).toEqual([250]);
  });

  it("waits at least Graph's Retry-After on a 429", async () => {
    const { p, clock, email, repId, calls } = await setup();
    await graph.faults(email, ["429", "429"]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.size).toBe(0);
    expect(await calls()).toBe(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it("reports the rep unavailable after four attempts, without throwing", async () => {
    const { p, clock, email, repId, calls } = await setup({ busyTimeoutMs: 60_000 });
    await graph.faults(email, ["503", "503", "503", "503", "503"]);
    const result = await p.busy([repId], NOW, TO);
    expect(result.unavailable.get(repId)).toBe("microsoft:unavailable");
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(await calls()).toBe(4);
  });

  it("cuts a hung request at the budget and reports a timeout", async () => {
    const c = new AbortController();
    const { p, email, repId } = await setup({ deadlineSignal: () => c.signal });
    await graph.faults(email, ["hang"]);
    const pending = p.busy([repId], NOW, TO);
    await graph.waitFor(email, 2); // the token request, then the hung getSchedule
    c.abort();
    expect((await pending).unavailable.get(repId)).toBe("microsoft:timeout");
  });

  it("reports a mailbox Graph cannot find, without failing the others", async () => {
    const { p, email, repId } = await setup();
    await graph.faults(email, ["notFound"]);
    expect((await p.busy([repId], NOW, TO)).unavailable.get(repId)).toBe(
      "microsoft:ErrorMailRecipientNotFound",
    );
  });

  it.each([["revoked"], ["consent"]])(
    "marks a %s connection broken, tells the admin once and falls back to the builtin view",
    async (grant) => {
      const { p, repId, notifyBroken } = await setup({}, grant);
      const first = await p.busy([repId], NOW, TO);
      expect(first.fallback?.get(repId)).toBe("microsoft:auth_broken");
      expect(first.unavailable.size).toBe(0);
      const again = await p.busy([repId], NOW, TO);
      expect(again.fallback?.get(repId)).toBe("microsoft:connection_broken");
      const row = await connectionRow(repId);
      expect(row).toMatchObject({
        status: "broken",
        last_error: expect.stringMatching(/invalid_grant \(AADSTS(50173|65001)\)/),
      });
      expect(notifyBroken).toHaveBeenCalledTimes(1);
    },
  );

  it("falls back for an app-only mailbox whose admin consent was withdrawn (403)", async () => {
    const tenant = uniq("tenant");
    const email = `${tenant}@contoso.test`;
    const p = createMicrosoftProvider(appOnlyEnv(tenant), database(env.DB), {
      clock: fakeClock(NOW),
      random: () => 1,
      cache: new FreeBusyCache(),
      reps: [{ id: tenant, email, calendar: { provider: "microsoft" } }],
    });
    await graph.faults(email, ["forbidden"]);
    expect((await p.busy([tenant], NOW, TO)).fallback?.get(tenant)).toBe("microsoft:auth_broken");
  });

  it("stores the refresh token Microsoft rotated, and re-seals under a rotated key", async () => {
    const oldKey = btoa("an-older-32-byte-encryption-key!");
    const email = `${uniq("rot")}@contoso.test`;
    const rotId = email.split("@")[0]!;
    await connectMicrosoftRep(rotId, `rt:${email}`, oldKey);
    const before = await connectionRow(rotId);
    const rotated = { ...env, ENCRYPTION_KEY_PREVIOUS: oldKey } as Env;
    const p = createMicrosoftProvider(rotated, database(env.DB), {
      clock: fakeClock(NOW),
      random: () => 1,
      cache: new FreeBusyCache(),
      reps: [{ id: rotId, email, calendar: { provider: "microsoft" } }],
    });
    expect((await p.busy([rotId], NOW, TO)).busy.has(rotId)).toBe(true);
    const after = await connectionRow(rotId);
    expect(after!.key_id).not.toBe(before!.key_id);
    expect(after!.encrypted_refresh_token).not.toBe(before!.encrypted_refresh_token);
  });
});
