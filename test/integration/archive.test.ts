import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ARCHIVE_BATCH,
  archiveAfterDays,
  moveTraces,
  PURGE_GUARD_MS,
  purgeErased,
} from "../../worker/archive/archive-job";
import { leadPrefix, traceKey } from "../../worker/archive/archive-store";
import { runCronJobs } from "../../worker/cron/scheduled";
import { retention } from "../../worker/cron/retention";
import { decodeTrace } from "../../worker/leads/trace-codec";
import { NOW, person, publishDemo, send, submit } from "./admin-data-fixtures";
import { fintechBacktestOf, insightOf, markAsFintech } from "./archive-fixtures";

const DAY = 86_400_000;
/** Past the default 90 days: every decision made at NOW is due. */
const LATER = NOW + 91 * DAY;

type Decision = {
  id: string;
  trace_z: ArrayBuffer | null;
  facts_z: ArrayBuffer | null;
  archived_at: number | null;
};
const decisionOf = (leadId: string) =>
  env.DB.prepare("SELECT id, trace_z, facts_z, archived_at FROM routing_decisions WHERE lead_id = ?")
    .bind(leadId)
    .first<Decision>()
    .then((d) => d!);
/**
 * The archive job's trace step alone (its purge, then one move), so these tests see the decision
 * rows it leaves; the whole job also moves those rows into the lead's object once its traces are
 * in R2 (lead-archive.test.ts covers that step, and the same readers after it).
 */
const run = async (now: number) => {
  const purged = await purgeErased(env, now);
  return { ...(await moveTraces(env, now - 90 * DAY, now)), purged };
};
const page = async (leadId: string) => (await send(`/v1/admin/leads/${leadId}`)).json<any>();
const keysOf = async (leadId: string) =>
  (await env.ARCHIVE.list({ prefix: leadPrefix(leadId) })).objects.map((o) => o.key);

/** Archives everything due at `now`, however many runs it takes. */
async function drain(now: number) {
  for (let i = 0; i < 20; i++) if (!(await run(now)).more) return;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishDemo();
});
afterAll(() => vi.useRealTimers());

describe("archive cron job", () => {
  it("moves a trace past the age to R2, and the lead page shows the same trace from there", async () => {
    const lead = await submit(person("ada@archive.example", { first_name: "Ada" }));
    const stored = await decisionOf(lead.leadId);
    const before = await page(lead.leadId);
    expect(before.decisions[0].trace.routing.facts).toMatchObject({ email: "ada@archive.example" });

    // Younger than 90 days: stays.
    await run(NOW + 89 * DAY);
    expect((await decisionOf(lead.leadId)).trace_z).not.toBeNull();

    await drain(LATER);
    const archived = await decisionOf(lead.leadId);
    expect(archived.trace_z).toBeNull();
    expect(archived.archived_at).toBe(LATER);
    // D1 keeps the routing facts; R2 holds exactly the bytes D1 held.
    expect(await decodeTrace(archived.facts_z!)).toEqual({ routing: { facts: before.lead.facts } });
    const object = await env.ARCHIVE.get(traceKey(lead.leadId, stored.id));
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(new Uint8Array(stored.trace_z!));

    const after = await page(lead.leadId);
    expect(after.decisions).toEqual(before.decisions);
    expect(after.lead.facts).toEqual(before.lead.facts);
    expect(after.timeline).toEqual(before.timeline);
  });

  it("keeps the trace in D1 when R2 fails, and the next run moves it", async () => {
    const lead = await submit(person("grace@archive.example"));
    const put = vi.spyOn(env.ARCHIVE, "put").mockRejectedValue(new Error("R2 is down"));
    try {
      const result = await run(LATER);
      expect(result).toMatchObject({ archived: 0 });
      expect(result.failed).toBeGreaterThanOrEqual(1);
    } finally {
      put.mockRestore();
    }
    const kept = await decisionOf(lead.leadId);
    expect(kept.trace_z).not.toBeNull();
    expect(kept.facts_z).toBeNull();
    expect((await page(lead.leadId)).decisions[0].trace.routing.facts.email).toBe("grace@archive.example");

    await drain(LATER);
    expect((await decisionOf(lead.leadId)).trace_z).toBeNull();
    expect(await keysOf(lead.leadId)).toHaveLength(1);
  });

  it("moves each trace once when two runs overlap, in bounded batches", async () => {
    const leads = [];
    for (let i = 0; i < 3; i++) leads.push(await submit(person(`overlap${i}@archive.example`)));
    const pages = await Promise.all(leads.map((l) => page(l.leadId)));
    const [a, b] = await Promise.all([run(LATER), run(LATER)]);
    expect(a.due).toBeLessThanOrEqual(ARCHIVE_BATCH);
    // Each row is emptied by one run only; the other leaves it (and the same object) alone.
    expect(Number(a.archived) + Number(b.archived)).toBe(3);
    expect(await run(LATER)).toMatchObject({ due: 0, archived: 0 });
    for (const [i, l] of leads.entries()) {
      expect(await keysOf(l.leadId)).toHaveLength(1);
      expect((await page(l.leadId)).decisions).toEqual(pages[i].decisions);
    }
  });

  it("reads the age from ARCHIVE_AFTER_DAYS, 90 by default, 0 for off", () => {
    expect(archiveAfterDays({})).toBe(90);
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: "30" })).toBe(30);
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: "0" })).toBeNull();
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: "soon" })).toBe(90);
  });
});

describe("an archived lead elsewhere", () => {
  it("backtest replays it with the facts it was routed on", async () => {
    const lead = await submit(person("alan@archive.example", { first_name: "Alan" }));
    // A lead that was routed with enrichment: its stored facts carry enrich.* values.
    await markAsFintech(lead.leadId);
    const backtest = () => fintechBacktestOf(lead.leadId);
    // Rule insights and the predictive rebuild read the same facts the same way.
    const insight = () => insightOf(lead.leadId);
    const before = await backtest();
    expect(before).toMatchObject({ after: { ruleId: "fintech" } });
    const insightBefore = await insight();
    expect(insightBefore?.facts).toMatchObject({ "enrich.industry": "fintech" });

    await drain(LATER);
    expect((await decisionOf(lead.leadId)).trace_z).toBeNull();
    expect(await backtest()).toEqual(before);
    expect(await insight()).toEqual(insightBefore);
  });

  it("erasing the person removes the archived trace from R2, and the purge catches what erasure missed", async () => {
    const lead = await submit(person("linus@archive.example"));
    const other = await submit(person("margaret@archive.example"));
    await drain(LATER);
    expect(await keysOf(lead.leadId)).toHaveLength(1);

    const res = await send("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: "linus@archive.example", confirm: "linus@archive.example" },
    });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).erased).toMatchObject({ leads: 1, archivedTraces: 1 });
    expect(await keysOf(lead.leadId)).toEqual([]);
    expect((await decisionOf(lead.leadId)).facts_z).toBeNull();
    expect((await page(lead.leadId)).decisions[0].trace).toEqual({ erased: true });
    expect(await keysOf(other.leadId)).toHaveLength(1);

    // An object erasure could not delete (R2 failed then): the row's marker leads the purge to it.
    const { id } = await decisionOf(lead.leadId);
    await env.ARCHIVE.put(traceKey(lead.leadId, id), new Uint8Array([1, 2, 3]));
    expect(await run(LATER + PURGE_GUARD_MS - 1)).toMatchObject({ purged: 0 });
    expect(await keysOf(lead.leadId)).toHaveLength(1);
    expect(await run(LATER + PURGE_GUARD_MS + 1)).toMatchObject({ purged: 1 });
    expect(await keysOf(lead.leadId)).toEqual([]);
    expect((await decisionOf(lead.leadId)).archived_at).toBeNull();
    expect(await keysOf(other.leadId)).toHaveLength(1);
  });

  it("analytics count an archived period as before", async () => {
    const range = `from=${new Date(NOW - DAY).toISOString()}&to=${new Date(NOW + DAY).toISOString()}`;
    const read = async () => (await send(`/v1/admin/analytics?${range}`)).json<any>();
    const lead = await submit(person("hedy@archive.example"));
    const before = await read();
    expect(before).toBeTruthy();
    await drain(LATER);
    expect((await decisionOf(lead.leadId)).trace_z).toBeNull();
    expect(await read()).toEqual(before);
  });

  it("retention erases archived leads from R2 as well", async () => {
    const lead = await submit(person("barbara@archive.example"));
    await drain(LATER);
    expect(await keysOf(lead.leadId)).toHaveLength(1);
    await publishDemo((config) => (config.privacy = { retentionDays: 30 }));
    const [result] = (await runCronJobs(env, LATER, [retention])).map((r) => r.detail);
    expect(result).toMatchObject({ erased: expect.any(Number) });
    expect(await keysOf(lead.leadId)).toEqual([]);
    expect((await env.ARCHIVE.list({ prefix: "traces/" })).objects).toEqual([]);
  });
});
