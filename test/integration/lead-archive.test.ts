/**
 * The archive of whole leads (worker/archive/lead-archive.ts): past ARCHIVE_AFTER_DAYS a lead's
 * delivery log and webhook messages move to one R2 object, and the lead page, the delivery log,
 * analytics and erasure read or remove them there.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { archiveJob, PURGE_GUARD_MS } from "../../worker/archive/archive-job";
import { leadKey } from "../../worker/archive/archive-store";
import { CLAIM_GUARD_MS } from "../../worker/archive/lead-archive";
import { readBacktestLeads } from "../../worker/config/backtest-queries";
import { database } from "../../worker/db/client";
import { loadOutcomeHistory } from "../../worker/team/model-history";
import { fintechBacktestOf, insightOf, markAsFintech } from "./archive-fixtures";
import {
  bookFirstSlot,
  deliver,
  NOW,
  person,
  send,
  startDemoWithWebhook,
  submit,
} from "./admin-data-fixtures";

const DAY = 86_400_000;
/** Past the default 90 days: every lead created at NOW is due. */
const LATER = NOW + 91 * DAY;

const run = (now: number) => archiveJob.run({ db: database(env.DB), env, now });
/** Archives everything due at `now`, however many runs it takes. */
async function drain(now: number) {
  for (let i = 0; i < 50; i++) if (!(await run(now)).more) return;
}
const json = async (path: string) => {
  const res = await send(path);
  expect(res.status, path).toBe(200);
  return res.json<any>();
};
const page = (leadId: string) => json(`/v1/admin/leads/${leadId}`);
/** Every page of the lead's delivery log, walking the cursor `limit` at a time. */
async function logOf(leadId: string, query = "", limit = 2) {
  const out: unknown[] = [];
  let cursor: string | null = null;
  do {
    const body = await json(
      `/v1/admin/deliveries?leadId=${leadId}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    out.push(...body.deliveries);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}
const rowsInD1 = async (leadId: string) => {
  const count = async (table: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE lead_id = ?`)
      .bind(leadId)
      .first<{ n: number }>())!.n;
  return {
    deliveries: await count("notification_deliveries"),
    webhookMessages: await count("webhook_messages"),
  };
};
const markerOf = async (leadId: string) =>
  (await env.DB.prepare("SELECT archived_at AS archivedAt, erased_at AS erasedAt FROM leads WHERE id = ?")
    .bind(leadId)
    .first<{ archivedAt: number | null; erasedAt: number | null }>())!;
const listed = async (q: string) =>
  (await json(`/v1/admin/leads?q=${encodeURIComponent(q)}`)).leads.map((l: any) => ({
    id: l.id,
    name: l.name,
    company: l.company,
    email: l.email,
  }));
const hasObject = async (leadId: string) => (await env.ARCHIVE.head(leadKey(leadId))) !== null;

/** A routed lead with its notices and webhook delivered, booked, with an outcome. */
async function busyLead(email: string) {
  const lead = await submit(person(email));
  await deliver(lead.queued);
  const { queued } = await bookFirstSlot(lead);
  await deliver(queued);
  expect(
    (await send(`/v1/admin/leads/${lead.leadId}/outcomes`, { method: "POST", body: { kind: "contacted" } }))
      .status,
  ).toBe(201);
  return lead;
}

beforeAll(startDemoWithWebhook);
afterAll(() => vi.useRealTimers());

describe("lead archive", () => {
  it("moves an old lead's delivery log and webhook messages to R2; its page and log read the same", async () => {
    const lead = await busyLead("ada@lead-archive.example");
    const before = await page(lead.leadId);
    expect(before.deliveries.length).toBeGreaterThanOrEqual(3);
    const logBefore = await logOf(lead.leadId);
    const webhooksBefore = await logOf(lead.leadId, "&kind=webhook");
    const deliveredBefore = await logOf(lead.leadId, "&status=delivered", 1);
    expect(webhooksBefore.length).toBeGreaterThanOrEqual(2);
    const inD1 = await rowsInD1(lead.leadId);
    expect(inD1.deliveries).toBeGreaterThanOrEqual(3);
    expect(inD1.webhookMessages).toBeGreaterThanOrEqual(2);

    // Younger than 90 days: stays.
    await run(NOW + 89 * DAY);
    expect(await rowsInD1(lead.leadId)).toEqual(inD1);
    expect((await markerOf(lead.leadId)).archivedAt).toBeNull();

    await drain(LATER);
    expect(await rowsInD1(lead.leadId)).toEqual({ deliveries: 0, webhookMessages: 0 });
    expect((await markerOf(lead.leadId)).archivedAt).toBe(LATER);
    expect(await hasObject(lead.leadId)).toBe(true);

    // D1 keeps a stub of the fields (what the lead list shows and searches); R2 has them whole.
    const stub = await env.DB.prepare("SELECT fields, context FROM leads WHERE id = ?")
      .bind(lead.leadId)
      .first<{ fields: string; context: string | null }>();
    expect(JSON.parse(stub!.fields)).toEqual({
      first_name: "Grace",
      last_name: "Hopper",
      company: "Navy Compilers",
    });
    expect(stub!.context).toBeNull();

    expect(await page(lead.leadId)).toEqual(before);
    expect(await logOf(lead.leadId)).toEqual(logBefore);
    expect(await logOf(lead.leadId, "&kind=webhook")).toEqual(webhooksBefore);
    expect(await logOf(lead.leadId, "&status=delivered", 1)).toEqual(deliveredBefore);
  });

  it("keeps the log in D1 when R2 fails, and a later run takes the claim over", async () => {
    const lead = await busyLead("grace@lead-archive.example");
    const before = await page(lead.leadId);
    const inD1 = await rowsInD1(lead.leadId);
    // The traces move; the lead's object does not.
    const realPut = env.ARCHIVE.put.bind(env.ARCHIVE);
    const put = vi
      .spyOn(env.ARCHIVE, "put")
      .mockImplementation(async (key, value, options) =>
        key.startsWith("leads/") ? Promise.reject(new Error("R2 is down")) : realPut(key, value, options),
      );
    try {
      const result = await run(LATER);
      expect((result.leads as { failed: number }).failed).toBeGreaterThanOrEqual(1);
    } finally {
      put.mockRestore();
    }
    expect(await rowsInD1(lead.leadId)).toEqual(inD1);
    expect((await markerOf(lead.leadId)).archivedAt).toBe(-LATER);
    expect(await page(lead.leadId)).toEqual(before);
    // Its claim is still held a minute later (a run may still be putting it), not an hour later.
    await drain(LATER + 60_000);
    expect(await rowsInD1(lead.leadId)).toEqual(inD1);
    await drain(LATER + CLAIM_GUARD_MS + 1);
    expect(await rowsInD1(lead.leadId)).toEqual({ deliveries: 0, webhookMessages: 0 });
    expect(await page(lead.leadId)).toEqual(before);
  });

  it("the lead list, its search, backtest and erasure's search find an archived lead as before", async () => {
    const lead = await submit(
      person("katherine@lead-archive.example", {
        last_name: "Johnson",
        employees: "1000-4999",
        country: "DE",
        message: "Please also invite dorothy@vaughan.example",
      }),
    );
    const listedBefore = await listed("Johnson");
    expect(listedBefore.map((l: { id: string }) => l.id)).toEqual([lead.leadId]);
    const backtest = async () => {
      const body = await (
        await send("/v1/admin/backtest", {
          method: "POST",
          body: {
            version: 1,
            since: new Date(NOW - DAY).toISOString(),
            changesLimit: 1000,
            includeTraces: true,
          },
        })
      ).json<any>();
      return body.changes.find((c: any) => c.leadId === lead.leadId) ?? body.leads ?? body;
    };
    const replayed = await readBacktestLeads(env.DB, {
      limit: 1000,
      withEnrichment: false,
      archive: env.ARCHIVE,
    });
    const mine = replayed.find((l) => l.leadId === lead.leadId);
    expect(mine?.input.fields).toMatchObject({ employees: "1000-4999", country: "DE" });
    const before = await backtest();

    await drain(LATER + 3 * CLAIM_GUARD_MS);
    expect((await markerOf(lead.leadId)).archivedAt).toBe(LATER + 3 * CLAIM_GUARD_MS);
    expect(await listed("Johnson")).toEqual(listedBefore);
    const again = await readBacktestLeads(env.DB, {
      limit: 1000,
      withEnrichment: false,
      archive: env.ARCHIVE,
    });
    expect(again.find((l) => l.leadId === lead.leadId)).toEqual(mine);
    expect(await backtest()).toEqual(before);
    // A bound on R2 reads: the selection stops at the first archived lead past it.
    const bounded = await readBacktestLeads(env.DB, {
      limit: 1000,
      withEnrichment: false,
      archive: env.ARCHIVE,
      maxArchivedReads: 0,
    });
    expect(bounded.length).toBeLessThan(again.length);
    expect(bounded.some((l) => l.leadId === lead.leadId)).toBe(false);
    // The address in another field stays in the stub, so erasure still finds the lead.
    vi.setSystemTime(LATER + 4 * CLAIM_GUARD_MS);
    try {
      const res = await send("/v1/admin/privacy/erase", {
        method: "POST",
        body: { email: "dorothy@vaughan.example", confirm: "dorothy@vaughan.example" },
      });
      expect((await res.json<any>()).erased).toMatchObject({ leads: 1, archivedLeads: 1 });
    } finally {
      vi.setSystemTime(NOW);
    }
    expect(await hasObject(lead.leadId)).toBe(false);
  });

  it("moves the decision rows too: the page, backtest, insights and the predictive history read the same facts", async () => {
    const lead = await submit(person("alan@lead-archive.example", { first_name: "Alan" }));
    // Routed with enrichment: its stored facts carry an enrich.* value a draft rule can match.
    await markAsFintech(lead.leadId);
    expect(
      (await send(`/v1/admin/leads/${lead.leadId}/outcomes`, { method: "POST", body: { kind: "won" } }))
        .status,
    ).toBe(201);
    const backtest = () => fintechBacktestOf(lead.leadId);
    const insight = () => insightOf(lead.leadId);
    const teamId = (await page(lead.leadId)).assignments[0].teamId;
    const history = async () =>
      (await loadOutcomeHistory(env.DB, teamId, [{ fact: "enrich.industry" }])).find(
        (l) => l.leadId === lead.leadId,
      );
    const before = {
      page: await page(lead.leadId),
      backtest: await backtest(),
      insight: await insight(),
      history: await history(),
    };
    expect(before.backtest).toMatchObject({ after: { ruleId: "fintech" } });
    expect(before.insight?.facts).toMatchObject({ "enrich.industry": "fintech" });
    expect(before.history?.facts).toMatchObject({ "enrich.industry": "fintech" });

    await drain(LATER + 6 * CLAIM_GUARD_MS);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM routing_decisions WHERE lead_id = ?")
      .bind(lead.leadId)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
    expect({
      page: await page(lead.leadId),
      backtest: await backtest(),
      insight: await insight(),
      history: await history(),
    }).toEqual(before);

    // Erasure deletes the lead's object and its traces, which D1 no longer names.
    expect((await env.ARCHIVE.list({ prefix: `traces/${lead.leadId}/` })).objects).toHaveLength(1);
    vi.setSystemTime(LATER + 7 * CLAIM_GUARD_MS);
    try {
      const res = await send("/v1/admin/privacy/erase", {
        method: "POST",
        body: { email: "alan@lead-archive.example", confirm: "alan@lead-archive.example" },
      });
      expect((await res.json<any>()).erased).toMatchObject({ leads: 1, archivedLeads: 1, archivedTraces: 1 });
    } finally {
      vi.setSystemTime(NOW);
    }
    expect((await env.ARCHIVE.list({ prefix: `traces/${lead.leadId}/` })).objects).toEqual([]);
    expect(await hasObject(lead.leadId)).toBe(false);
    const erased = await env.DB.prepare("SELECT facts_z FROM leads WHERE id = ?")
      .bind(lead.leadId)
      .first<{ facts_z: unknown }>();
    expect(erased!.facts_z).toBeNull();
  });

  it("analytics count an archived period as before", async () => {
    await busyLead("hedy@lead-archive.example");
    const range = `from=${new Date(NOW - DAY).toISOString()}&to=${new Date(NOW + DAY).toISOString()}`;
    const before = await json(`/v1/admin/analytics?${range}`);
    expect(before.funnel ?? before).toBeTruthy();
    await drain(LATER + 2 * CLAIM_GUARD_MS);
    expect(await json(`/v1/admin/analytics?${range}`)).toEqual(before);
  });
});

describe("lead archive and erasure", () => {
  const erase = async (email: string) => {
    const res = await send("/v1/admin/privacy/erase", { method: "POST", body: { email, confirm: email } });
    expect(res.status).toBe(200);
    return (await res.json<any>()).erased;
  };

  it("erasing the person deletes the archived lead's object, and the purge catches what erasure missed", async () => {
    const lead = await busyLead("linus@lead-archive.example");
    const other = await busyLead("margaret@lead-archive.example");
    await drain(LATER + 4 * CLAIM_GUARD_MS);
    expect(await hasObject(lead.leadId)).toBe(true);

    const erasedAt = LATER + 5 * CLAIM_GUARD_MS;
    vi.setSystemTime(erasedAt);
    try {
      expect(await erase("linus@lead-archive.example")).toMatchObject({ leads: 1, archivedLeads: 1 });
    } finally {
      vi.setSystemTime(NOW);
    }
    expect(await hasObject(lead.leadId)).toBe(false);
    expect(await markerOf(lead.leadId)).toEqual({ archivedAt: erasedAt, erasedAt });
    expect((await page(lead.leadId)).deliveries).toEqual([]);
    expect(await hasObject(other.leadId)).toBe(true);

    // R2 refuses the delete during the erasure: the row's marker leads the purge to the key.
    const third = await busyLead("ken@lead-archive.example");
    await drain(LATER + 4 * CLAIM_GUARD_MS);
    const del = vi.spyOn(env.ARCHIVE, "delete").mockRejectedValue(new Error("R2 is down"));
    vi.setSystemTime(erasedAt);
    try {
      expect(await erase("ken@lead-archive.example")).toMatchObject({ leads: 1, archivedLeads: 0 });
    } finally {
      vi.setSystemTime(NOW);
      del.mockRestore();
    }
    expect(await hasObject(third.leadId)).toBe(true);
    expect((await page(third.leadId)).deliveries).toEqual([]);
    expect(await run(erasedAt + PURGE_GUARD_MS - 1)).toMatchObject({ purgedLeads: 0 });
    expect(await hasObject(third.leadId)).toBe(true);
    expect(await run(erasedAt + PURGE_GUARD_MS + 1)).toMatchObject({ purgedLeads: 1 });
    expect(await hasObject(third.leadId)).toBe(false);
    expect(await markerOf(third.leadId)).toEqual({ archivedAt: erasedAt, erasedAt });
    expect(await hasObject(other.leadId)).toBe(true);
  });

  it("an erased lead moves nothing to R2, and one erased while its object was being put loses it", async () => {
    const early = await busyLead("barbara@lead-archive.example");
    const erasedAt = NOW + DAY;
    vi.setSystemTime(erasedAt);
    try {
      await erase("barbara@lead-archive.example");
    } finally {
      vi.setSystemTime(NOW);
    }
    // Erased while the run puts its object: the put lands, then the erasure, then the batch.
    const racing = await busyLead("alan@lead-archive.example");
    const inD1 = await rowsInD1(racing.leadId);
    const realPut = env.ARCHIVE.put.bind(env.ARCHIVE);
    const put = vi.spyOn(env.ARCHIVE, "put").mockImplementation(async (key, value, options) => {
      const object = await realPut(key, value, options);
      if (key === leadKey(racing.leadId))
        await env.DB.prepare("UPDATE leads SET erased_at = ?1 WHERE id = ?2")
          .bind(LATER, racing.leadId)
          .run();
      return object;
    });
    try {
      await run(LATER + 8 * CLAIM_GUARD_MS);
    } finally {
      put.mockRestore();
    }
    // The batch found the lead erased: its rows stay, its object goes, the claim is dropped.
    expect(await hasObject(racing.leadId)).toBe(false);
    expect(await rowsInD1(racing.leadId)).toEqual(inD1);
    expect((await markerOf(racing.leadId)).archivedAt).toBeNull();
    await drain(LATER + 8 * CLAIM_GUARD_MS);
    for (const lead of [early, racing]) {
      expect(await hasObject(lead.leadId)).toBe(false);
      expect(await rowsInD1(lead.leadId)).toEqual({ deliveries: 0, webhookMessages: 0 });
      expect((await markerOf(lead.leadId)).archivedAt).toBe(LATER + 8 * CLAIM_GUARD_MS);
    }
    // Archived after its erasure: nothing for the purge.
    expect(await run(LATER + 9 * CLAIM_GUARD_MS)).toMatchObject({ purgedLeads: 0 });
  });
});
