import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createGoogleProvider, type GoogleProviderOptions } from "../../worker/calendars/google/provider";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { database } from "../../worker/db/client";
import { connectRep, fake, fakeClock, uniq } from "./google-fake";

const NOW = Date.parse("2026-03-09T15:00:00Z");
const FROM = NOW;
const TO = NOW + 7 * 86_400_000;

/** A provider with fake time, a private cache and a no-op notifier unless given. */
function provider(opts: GoogleProviderOptions = {}, e: Env = env) {
  const clock = fakeClock(NOW);
  const notifyBroken = vi.fn(async () => {});
  const p = createGoogleProvider(e, database(env.DB), {
    clock,
    random: () => 1,
    cache: new FreeBusyCache(),
    notifyBroken,
    ...opts,
  });
  return { p, clock, notifyBroken };
}

async function pemServiceAccount(): Promise<{ keyJson: string; publicKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const der = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PRIVATE KEY-----\n`;
  return {
    keyJson: JSON.stringify({
      type: "service_account",
      client_email: "baton@proj.iam.gserviceaccount.com",
      private_key: pem,
    }),
    publicKey: pair.publicKey,
  };
}

describe("Google free/busy through the REST API", () => {
  it("reads a connected rep's busy time, clipped to the window", async () => {
    const email = `${uniq("ana")}@acme.test`;
    await connectRep("ana-fb", `rt:${email}`);
    await fake.busy("primary", []);
    const { p } = provider({
      reps: [{ id: "ana-fb", email, calendar: { provider: "google", calendarId: email } }],
    });
    await fake.busy(email, [
      { start: "2026-03-09T14:30:00Z", end: "2026-03-09T15:30:00Z" },
      { start: "2026-03-10T09:00:00-05:00", end: "2026-03-10T10:00:00-05:00" },
    ]);
    const result = await p.busy(["ana-fb"], FROM, TO);
    expect(result.unavailable.size).toBe(0);
    expect(result.busy.get("ana-fb")).toEqual([
      { start: NOW, end: Date.parse("2026-03-09T15:30:00Z") },
      { start: Date.parse("2026-03-10T14:00:00Z"), end: Date.parse("2026-03-10T15:00:00Z") },
    ]);
    const [req] = await fake.requests(email);
    expect(req).toMatchObject({
      method: "POST",
      path: "/calendar/v3/freeBusy",
      authorization: expect.stringMatching(/^Bearer ya29\./),
    });
    expect(req!.body).toMatchObject({ timeMin: "2026-03-09T15:00:00.000Z", items: [{ id: email }] });
  });

  it("asks for 120 reps' calendars in 3 requests of at most 50 with one service-account token", async () => {
    const tag = uniq("team");
    const { keyJson, publicKey } = await pemServiceAccount();
    const subject = `scheduler-${tag}@acme.test`;
    const e = { ...env, GOOGLE_SERVICE_ACCOUNT_KEY: keyJson, GOOGLE_SERVICE_ACCOUNT_SUBJECT: subject } as Env;
    const reps = Array.from({ length: 120 }, (_, i) => ({
      id: `${tag}-r${i}`,
      email: `${tag}-r${i}@acme.test`,
    }));
    await fake.busy(reps[77]!.email, [{ start: "2026-03-11T10:00:00Z", end: "2026-03-11T11:00:00Z" }]);
    const { p } = provider({ reps }, e);
    const result = await p.busy(
      reps.map((r) => r.id),
      FROM,
      TO,
    );
    expect(result.unavailable).toEqual(new Map());
    expect(result.busy.size).toBe(120);
    expect(result.busy.get(reps[77]!.id)).toEqual([
      { start: Date.parse("2026-03-11T10:00:00Z"), end: Date.parse("2026-03-11T11:00:00Z") },
    ]);
    const calls = (await fake.requests(tag)).filter((r) => r.path === "/calendar/v3/freeBusy");
    expect(calls.map((c) => (c.body as { items: unknown[] }).items.length).toSorted()).toEqual([20, 50, 50]);

    const grants = await fake.requests(`sa:${subject}`);
    expect(grants).toHaveLength(1);
    const assertion = (grants[0]!.body as { assertion: string }).assertion;
    const [h, pl, sig] = assertion.split(".");
    const claims = JSON.parse(atob(pl!.replaceAll("-", "+").replaceAll("_", "/")));
    expect(claims).toMatchObject({
      iss: "baton@proj.iam.gserviceaccount.com",
      sub: subject,
      aud: expect.stringMatching(/\/token$/),
    });
    const sigBytes = Uint8Array.from(atob(sig!.replaceAll("-", "+").replaceAll("_", "/")), (c) =>
      c.charCodeAt(0),
    );
    const ok = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      publicKey,
      sigBytes,
      new TextEncoder().encode(`${h}.${pl}`),
    );
    expect(ok).toBe(true);
  });
});
