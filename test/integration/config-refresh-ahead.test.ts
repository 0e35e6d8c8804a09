import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import {
  CONFIG_REFRESH_AHEAD_SECONDS,
  CONFIG_STALE_SECONDS,
  forgetLiveConfig,
  loadActiveConfig,
} from "../../worker/config/store";
import { database } from "../../worker/db/client";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import { admin, callSettled, clone } from "./helpers";

type Saved = { version: number };

async function save(name: string, query = ""): Promise<Saved> {
  const config = clone(demoConfig);
  config.org.name = name;
  const res = await admin(`/v1/admin/config/versions${query}`, { method: "POST", body: config });
  expect(res.status).toBe(201);
  return res.json<Saved>();
}

/** A database that fails any read: the cached copy was served if nothing threw. */
const unreachable = database(
  new Proxy({} as D1Database, {
    get: () => () => {
      throw new Error("D1 was read");
    },
  }),
);

let clock = 0;
let first: Saved;
let second: Saved;

beforeAll(async () => {
  first = await save("Refresh ahead A", "?publish=true");
  second = await save("Refresh ahead B");
});
afterEach(() => vi.restoreAllMocks());

/** Another isolate publishes: the pointer moves and this isolate's copy is not forgotten. */
const publishElsewhere = (version: number) =>
  env.DB.prepare("UPDATE active_config SET version = ? WHERE id = 1").bind(version).run();

describe("the live config cached per isolate", () => {
  it("past half its bound, serves the copy at once and re-reads it after the answer; never serves it past the bound", async () => {
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    const db = database(env.DB);
    const handed: Promise<unknown>[] = [];
    const background = (work: Promise<unknown>) => void handed.push(work);
    await publishElsewhere(first.version);
    forgetLiveConfig();
    clock = 1_000_000;
    expect((await loadActiveConfig(db, background))!.version).toBe(first.version);
    await publishElsewhere(second.version);

    // Fresh: nothing to do.
    clock += CONFIG_REFRESH_AHEAD_SECONDS * 1000 - 1;
    expect((await loadActiveConfig(unreachable, background))!.version).toBe(first.version);
    expect(handed).toHaveLength(0);

    // Past half the bound: the old copy now, the re-read handed to the request's waitUntil.
    clock += 2;
    const refreshedAt = clock;
    expect((await loadActiveConfig(db, background))!.version).toBe(first.version);
    expect(handed).toHaveLength(1);
    // One re-read at a time.
    expect((await loadActiveConfig(db, background))!.version).toBe(first.version);
    expect(handed).toHaveLength(1);
    await Promise.all(handed);
    expect((await loadActiveConfig(unreachable))!.version).toBe(second.version);

    // The re-read counts from when it started: past the bound from then, the next request reads.
    clock = refreshedAt + CONFIG_STALE_SECONDS * 1000;
    await expect(loadActiveConfig(unreachable, background)).rejects.toThrow("D1 was read");
    expect((await loadActiveConfig(db))!.version).toBe(second.version);
  });

  it("without a waitUntil (cron, queue, admin), keeps the copy to its bound and then reads before answering", async () => {
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    const db = database(env.DB);
    await publishElsewhere(first.version);
    forgetLiveConfig();
    clock = 5_000_000;
    expect((await loadActiveConfig(db))!.version).toBe(first.version);
    await publishElsewhere(second.version);
    clock += CONFIG_STALE_SECONDS * 1000 - 1;
    expect((await loadActiveConfig(unreachable))!.version).toBe(first.version);
    clock += 1;
    expect((await loadActiveConfig(db))!.version).toBe(second.version);
  });

  /** Calls `path` past half the copy's bound and checks the re-read ran in its waitUntil. */
  async function expectReReadAfter(path: string, method: string, status: number) {
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    await publishElsewhere(first.version);
    forgetLiveConfig();
    clock += 1_000_000;
    await loadActiveConfig(database(env.DB));
    await publishElsewhere(second.version);
    clock += CONFIG_REFRESH_AHEAD_SECONDS * 1000;
    const res = await callSettled(path, {
      method,
      headers: {
        Origin: "http://localhost:8787",
        "Access-Control-Request-Method": "POST",
        "Content-Type": "application/json",
      },
      ...(method === "POST" ? { body: JSON.stringify({ email: "nobody@example.com" }) } : {}),
    });
    expect(res.status).toBe(status);
    expect((await loadActiveConfig(unreachable))!.version).toBe(second.version);
  }

  it.each([
    ["the form GET", "/v1/forms/demo", "GET", 200],
    ["the submission's preflight", "/v1/forms/demo/submissions", "OPTIONS", 204],
    ["a lead route's preflight", `/v1/leads/${crypto.randomUUID()}/slots`, "OPTIONS", 204],
    ["the hosted form page", "/f/demo", "GET", 200],
    ["a hosted page's invalid link", `/l/${crypto.randomUUID()}?token=x`, "GET", 403],
    ["a rep's sign-in link request", "/v1/rep/auth/link", "POST", 202],
  ])("%s hands the re-read to its waitUntil", (_, path, method, status) =>
    expectReReadAfter(path, method, status),
  );

  it("a manage-booking route hands the re-read to its waitUntil", async () => {
    // A valid manage link to a booking that does not exist: the config is read, then 404.
    const bookingId = crypto.randomUUID();
    const token = await signToken(
      { p: "manage", sub: bookingId, exp: Date.now() + 86_400_000 },
      await signingKey(env.ENCRYPTION_KEY),
    );
    await expectReReadAfter(`/v1/bookings/${bookingId}?token=${encodeURIComponent(token)}`, "GET", 404);
  });

  it("a publish in this isolate wins over a re-read that started before it", async () => {
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    const db = database(env.DB);
    await publishElsewhere(first.version);
    forgetLiveConfig();
    clock = 9_000_000;
    await loadActiveConfig(db);
    clock += CONFIG_REFRESH_AHEAD_SECONDS * 1000;
    const handed: Promise<unknown>[] = [];
    await loadActiveConfig(db, (work) => void handed.push(work));
    forgetLiveConfig(); // as publishing does, while the re-read is under way
    await publishElsewhere(second.version);
    await Promise.all(handed);
    expect((await loadActiveConfig(db))!.version).toBe(second.version);
  });
});
