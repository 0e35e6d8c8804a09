import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { admin } from "./helpers";
import { assignmentsOf, predictiveConfig, request, submitLead } from "./sla-fixtures";

// Fault injection on the outcome route's forward to the team object: the D1 row is the record,
// the object's model is derived from it. See worker/leads/admin-leads.ts (forwardOutcome).

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
const team = () => env.TEAM.getByName("sdr-na");
const cells = async () => (await team().modelStatus()).cells;
const successes = async () => (await cells()).reduce((n, c) => n + c.successes, 0);

/** The bindings with a team object that is unreachable for outcome forwards. */
const forwardFails = {
  ...env,
  TEAM: {
    getByName: () => ({ recordOutcome: () => Promise.reject(new Error("DO unavailable")) }),
  },
} as unknown as Env;

function postOutcome(leadId: string, kind: string, bindings?: Env) {
  return request(`/v1/admin/leads/${leadId}/outcomes`, {
    method: "POST",
    admin: true,
    body: JSON.stringify({ kind }),
    bindings,
  });
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const res = await admin("/v1/admin/config/versions?publish=true", {
    method: "POST",
    body: predictiveConfig({ segments: [{ fact: "country" }], minObservations: 1 }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("an outcome whose forward to the team object fails", { timeout: 30_000 }, () => {
  let lead = "";

  it("is still recorded in D1, answered 201, and logged without the lead's data", async () => {
    lead = await submitLead(TUESDAY);
    const [assignment] = await assignmentsOf(lead);
    // A counted outcome first, so the model exists and is current before the fault.
    const seen = await submitLead(TUESDAY + MIN);
    expect((await postOutcome(seen, "won")).status).toBe(201);
    expect(await successes()).toBe(1);

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await postOutcome(lead, "qualified", forwardFails);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ repId: assignment!.rep_id, slaStopped: false });
    const row = await env.DB.prepare("SELECT rep_id, kind FROM outcomes WHERE lead_id = ?")
      .bind(lead)
      .first();
    expect(row).toEqual({ rep_id: assignment!.rep_id, kind: "qualified" });
    const warnings = log.mock.calls.map((args) => String(args[0]));
    expect(warnings.some((w) => w.includes("outcome not forwarded to team"))).toBe(true);
    expect(warnings.join("\n")).not.toMatch(/engine\.example|Lovelace/);
    log.mockRestore();
    // The fault really kept the object out of it.
    expect(await successes()).toBe(1);
  });

  it("is counted when the model is next rebuilt from D1", async () => {
    // A rebuild trigger the object already has: an outcome for a lead it cannot place (its
    // model row, and the evidence row that holds it until its first outcome, both gone).
    const forget = (leadId: string) =>
      runInDurableObject(team(), async (_instance, state) => {
        state.storage.sql.exec("DELETE FROM model_leads WHERE lead_id = ?", leadId);
        state.storage.sql.exec("DELETE FROM evidence_leads WHERE lead_id = ?", leadId);
      });
    await forget(lead);
    const other = await submitLead(TUESDAY + 2 * MIN);
    await forget(other);
    expect((await postOutcome(other, "lost")).status).toBe(201);
    expect(await successes()).toBe(1);

    await submitLead(TUESDAY + 3 * MIN);
    expect(await successes()).toBe(2);
    expect((await cells()).reduce((n, c) => n + c.failures, 0)).toBe(1);
  });

  it("queues the missed forward, and the queue delivers it once, however often it runs", async () => {
    const fresh = await submitLead(TUESDAY + 4 * MIN);
    const before = await successes();
    const queued: NotificationMessage[] = [];
    const bindings = {
      ...forwardFails,
      NOTIFICATIONS: {
        sendBatch: async (batch: { body: NotificationMessage }[]) => {
          queued.push(...batch.map((m) => m.body));
        },
      },
    } as unknown as Env;
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await postOutcome(fresh, "won", bindings)).status).toBe(201);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ channel: "team-model", payload: { teamId: "sdr-na" } });
    expect(await successes()).toBe(before);

    // Delivered, then delivered again (a queue redelivery): counted exactly once.
    for (const attempt of [1, 2]) {
      const batch = createMessageBatch<NotificationMessage>("baton-notifications", [
        { id: `m-${attempt}`, timestamp: new Date(TUESDAY), attempts: attempt, body: queued[0]! },
      ]);
      await consumeNotifications(batch, env, notificationChannels);
      expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual([`m-${attempt}`]);
    }
    const log = await env.DB.prepare(
      "SELECT status, error FROM notification_deliveries WHERE message_id = ? ORDER BY attempt",
    )
      .bind(queued[0]!.id)
      .all();
    expect(log.results).toEqual([
      { status: "delivered", error: null },
      { status: "delivered", error: null },
    ]);
    expect(await successes()).toBe(before + 1);

    // An admin can send it again from the delivery log; it is rebuilt from D1, same id.
    queued.length = 0;
    const again = await request(`/v1/admin/deliveries/${outcomeMessageId(fresh)}/redeliver`, {
      method: "POST",
      admin: true,
      bindings,
    });
    expect(again.status).toBe(202);
    expect(queued).toEqual([expect.objectContaining({ id: outcomeMessageId(fresh), channel: "team-model" })]);
  });
});

const outcomeMessageId = (leadId: string) => `outcome-${leadId}-won`;
