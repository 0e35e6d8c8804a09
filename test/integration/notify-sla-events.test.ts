import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { sweepSla } from "../../worker/sla/sweep";
import { admin } from "./helpers";
import { FAKE_RECEIVER, deliver, queued, received, submitDemoLead } from "./notify-helpers";
import { assignmentsOf, publish, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  // One reassignment, then escalation to the SDRs' manager.
  await publish(slaConfig({ maxReassignments: 1 }));
});
afterAll(() => vi.useRealTimers());

describe.skipIf(!FAKE_RECEIVER)("SLA events to webhook subscribers", () => {
  it("delivers sla.breached with lead.reassigned, then with lead.escalated, to subscribed endpoints", async () => {
    const sub = await admin("/v1/admin/webhooks", {
      method: "POST",
      body: {
        url: `${FAKE_RECEIVER}/ok/sla-events`,
        eventTypes: ["sla.breached", "lead.reassigned", "lead.escalated"],
      },
    });
    expect(sub.status).toBe(201);
    let leadId = "";
    // Routing itself emits lead.routed, which this endpoint did not subscribe to.
    await queued(async () => ({ leadId } = await submitDemoLead()));
    const [first] = await assignmentsOf(leadId);

    const sweep = (at: number) => queued(() => sweepSla(env, database(env.DB), at));
    const reassign = (await sweep(first!.accept_deadline! + MIN)).filter((m) => m.channel === "webhook");
    const [, second] = await assignmentsOf(leadId);
    const escalate = (await sweep(second!.accept_deadline! + MIN)).filter((m) => m.channel === "webhook");
    expect([...reassign, ...escalate].map((m) => m.eventType)).toEqual([
      "sla.breached",
      "lead.reassigned",
      "sla.breached",
      "lead.escalated",
    ]);
    expect((await deliver([...reassign, ...escalate])).acks).toHaveLength(4);

    const hits = await received(FAKE_RECEIVER, "/ok/sla-events");
    const bodies = hits.map((h) => JSON.parse(h.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type)).toEqual([
      "sla.breached",
      "lead.reassigned",
      "sla.breached",
      "lead.escalated",
    ]);
    expect(bodies[1]!.data).toMatchObject({
      leadId,
      fromRepId: first!.rep_id,
      toRepId: second!.rep_id,
      attempt: 0,
    });
    const [, , third] = await assignmentsOf(leadId);
    expect(bodies[3]!.data).toMatchObject({ leadId, fromRepId: second!.rep_id, toRepId: third!.rep_id });
    // Every delivery is signed per Standard Webhooks.
    for (const h of hits) expect(h.headers["webhook-signature"]).toMatch(/^v1,/);
  });
});
