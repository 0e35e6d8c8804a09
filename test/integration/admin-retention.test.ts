import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RETENTION_BATCH, retention } from "../../worker/cron/retention";
import { runCronJobs } from "../../worker/cron/scheduled";
import { database } from "../../worker/db/client";
import { NOW, person, publishDemo, submit } from "./admin-data-fixtures";

const DAY = 86_400_000;

async function seedOldLeads(n: number, createdAt: number) {
  const statements = Array.from({ length: n }, (_, i) =>
    env.DB.prepare(
      `INSERT INTO leads (id, created_at, form_id, email, email_normalized, fields, status, routing_attempts, updated_at)
       VALUES (?, ?, 'demo', ?, ?, ?, 'routed', 1, ?)`,
    ).bind(
      `old-${i}`,
      createdAt + i,
      `old${i}@past.example`,
      `old${i}@past.example`,
      JSON.stringify({ email: `old${i}@past.example` }),
      createdAt,
    ),
  );
  await env.DB.batch(statements);
}

const remaining = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE instr(fields, '@past.example') > 0").first<{
    n: number;
  }>())!.n;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishDemo((config) => (config.privacy = { retentionDays: 30 }));
});
afterAll(() => vi.useRealTimers());

describe("retention cron", () => {
  it("erases leads older than retentionDays in bounded batches, resuming on the next run", async () => {
    await seedOldLeads(RETENTION_BATCH + 20, NOW - 40 * DAY);
    const fresh = await submit(person("recent@today.example"));
    const run = (now: number) => retention.run({ db: database(env.DB), env, now });

    expect(await run(NOW)).toMatchObject({ due: RETENTION_BATCH, erased: RETENTION_BATCH, more: true });
    expect(await remaining()).toBe(20);
    expect(await run(NOW)).toMatchObject({ due: 20, erased: 20, more: false });
    expect(await remaining()).toBe(0);
    expect(await run(NOW)).toMatchObject({ due: 0 });

    // The recent lead is kept until its own 30 days pass, judged by the injected clock only.
    const email = () => env.DB.prepare("SELECT email FROM leads WHERE id = ?").bind(fresh.leadId).first();
    expect(await email()).toEqual({ email: "recent@today.example" });
    expect(await run(NOW + 30 * DAY + 1)).toMatchObject({ due: 1, erased: 1 });
    expect(await email()).toEqual({ email: null });
    const counted = await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>();
    expect(counted!.n).toBe(RETENTION_BATCH + 21);
  });

  it("runs in the minute cron and does nothing without a retention setting", async () => {
    const results = await runCronJobs(env, NOW);
    expect(results.find((r) => r.job === "retention")).toMatchObject({ status: "ok" });
    await publishDemo();
    expect(await retention.run({ db: database(env.DB), env, now: NOW + 400 * DAY })).toEqual({
      skipped: "no retention configured",
    });
  });
});
