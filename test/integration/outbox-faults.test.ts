/**
 * The outbox under faults: the isolate dies between the commit and the hand-off (or after
 * the queue took the messages but before the entry was marked done), and the cron still
 * delivers every side effect exactly once.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/app";
import { database } from "../../worker/db/client";
import { pruneOutbox, sweepOutbox } from "../../worker/outbox/dispatch";
import { OUTBOX_DONE_RETENTION_MS, OUTBOX_LEASE_MS, OUTBOX_SWEEP_GRACE_MS } from "../../worker/outbox/outbox";
import { consumeNotifications } from "../../worker/notify/queue";
import { repairRouting } from "../../worker/cron/repair-routing";
import type { NotificationMessage } from "../../worker/notify/channel";
import { NOW, setUpEdgePaths, SITE } from "./edge-paths";
import { admin, BASE } from "./helpers";

const row = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .first();

type Fault = "before hand-off" | "after queue send" | "before the routing record";
const app = createApp();

/** The bindings of an isolate that dies at `fault`: the outbox statement there throws. */
function dying(fault: Fault): Env {
  const dies = (query: string) =>
    fault === "before hand-off"
      ? query.startsWith('update "outbox" set "claimed_until"')
      : fault === "before the routing record"
        ? query.startsWith('update "leads" set "status"')
        : /^update "outbox" set "(done_at|last_error)"/.test(query);
  // Sessions too: the visitor's paths run on a D1 session (worker/db/d1-session.ts).
  const wrap = <T extends object>(db: T): T =>
    new Proxy(db, {
      get(target, prop) {
        if (prop === "prepare")
          return (query: string) => {
            if (!dies(query)) return (target as unknown as D1Database).prepare(query);
            return {
              bind: () => ({ run: die, all: die, raw: die, first: die }),
              run: die,
              all: die,
              raw: die,
              first: die,
            };
          };
        if (prop === "withSession")
          return (constraint?: string) => wrap((target as unknown as D1Database).withSession(constraint));
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const DB = wrap(env.DB);
  return { ...env, DB };
}
const die = () => Promise.reject(new Error("the isolate died here"));

let ip = 0;
async function request(bindings: Env, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Origin", SITE);
  headers.set("CF-Connecting-IP", `203.0.113.${++ip}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { ...init, headers }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: await res.json<any>() };
}

/** Every message handed to the queue, and how often each id reached its far side. */
const sent: NotificationMessage[] = [];
const delivered = new Map<string, number>();
async function deliverSent() {
  const batch = sent
    .splice(0)
    .map((body, i) => ({ id: `q-${i}`, timestamp: new Date(NOW), attempts: 1, body }));
  const count = async (m: NotificationMessage) => (delivered.set(m.id, (delivered.get(m.id) ?? 0) + 1), {});
  await consumeNotifications(createMessageBatch("baton-notifications", batch), env, {
    webhook: count,
    email: count,
    slack: count,
  });
}

/** Runs the cron's sweep once the dead isolate's claim (if any) ran out. */
async function sweep() {
  const later = NOW + OUTBOX_LEASE_MS + OUTBOX_SWEEP_GRACE_MS;
  return sweepOutbox.run({ env, db: database(env.DB), now: later });
}

const pending = async (leadId: string) =>
  (
    await env.DB.prepare("SELECT kind FROM outbox WHERE lead_id = ? AND done_at IS NULL ORDER BY kind")
      .bind(leadId)
      .all<{ kind: string }>()
  ).results.map((r) => r.kind);

beforeAll(async () => {
  await setUpEdgePaths();
  const hook = await admin("/v1/admin/webhooks", {
    method: "POST",
    body: {
      url: `${(env as any).WEBHOOK_RECEIVER_URL}/outbox`,
      eventTypes: ["lead.routed", "meeting.booked", "meeting.canceled"],
    },
  });
  expect(hook.status).toBe(201);
});
afterEach(() => vi.restoreAllMocks());

describe.each<Fault>(["before hand-off", "after queue send"])("an isolate that dies %s", (fault) => {
  it("leaves every side effect to the cron, which delivers each exactly once", async () => {
    vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (batch) => {
      sent.push(...[...batch].map((m) => m.body as NotificationMessage));
      return {} as Awaited<ReturnType<Queue["sendBatch"]>>;
    });
    const isolate = dying(fault);
    const n = ++ip;
    const fields = {
      first_name: "Out",
      last_name: `Box ${n}`,
      email: `outbox${n}@co${n}.example`,
      company: `Co ${n}`,
      employees: "50-199",
      country: "US",
    };
    const steps: { kinds: string[]; act: () => Promise<{ status: number; body: any }> }[] = [];
    let lead: any;
    let booking: any;
    let moved: any;
    const token = (url: string) => encodeURIComponent(new URL(url).searchParams.get("token")!);
    steps.push({
      kinds: ["lead.routed"],
      act: async () =>
        (lead = await request(isolate, "/v1/forms/demo/submissions", {
          method: "POST",
          body: JSON.stringify({ fields }),
        })),
    });
    steps.push({
      kinds: ["calendar.sync", "meeting.booked"],
      act: async () =>
        (booking = await request(isolate, `/v1/leads/${lead.body.leadId}/bookings`, {
          method: "POST",
          body: JSON.stringify({ start: lead.body.slots[0].start, bookingToken: lead.body.bookingToken }),
        })),
    });
    steps.push({
      kinds: ["calendar.reschedule", "meeting.rescheduled"],
      act: async () =>
        (moved = await request(
          isolate,
          `/v1/bookings/${booking.body.bookingId}/reschedule?token=${token(booking.body.manageUrl)}`,
          { method: "POST", body: JSON.stringify({ start: lead.body.slots[1].start }) },
        )),
    });
    steps.push({
      kinds: ["calendar.sync", "meeting.canceled", "team.release"],
      act: () =>
        request(isolate, `/v1/bookings/${moved.body.bookingId}/cancel?token=${token(moved.body.manageUrl)}`, {
          method: "POST",
        }),
    });

    for (const step of steps) {
      const before = sent.length;
      const res = await step.act();
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      const leadId = lead.body.leadId as string;
      if (fault === "before hand-off") {
        // Nothing left the request: the entries wait, committed with the change.
        expect(sent.length).toBe(before);
        expect(await pending(leadId)).toEqual(step.kinds.toSorted());
      } else {
        expect(await pending(leadId)).toEqual(step.kinds.toSorted());
      }
      await deliverSent();
      const swept = await sweep();
      expect(swept).toMatchObject({ done: step.kinds.length, failed: 0 });
      expect(await pending(leadId)).toEqual([]);
      await deliverSent();
      expect(await sweep()).toMatchObject({ done: 0 });
    }

    // Exactly once: every message id that reached a far side reached it one time.
    const ids = [...delivered.entries()].filter(([, count]) => count > 1);
    expect(ids).toEqual([]);
    const leadId = lead.body.leadId;
    const webhooks = await env.DB.prepare(
      "SELECT event_type AS type, count(*) AS n FROM webhook_messages WHERE body ->> '$.data.leadId' = ? GROUP BY event_type ORDER BY event_type",
    )
      .bind(leadId)
      .all();
    expect(webhooks.results).toEqual([
      { type: "lead.routed", n: 1 },
      { type: "meeting.booked", n: 2 },
      { type: "meeting.canceled", n: 2 },
    ]);
    for (const id of (
      await env.DB.prepare("SELECT id FROM webhook_messages WHERE body ->> '$.data.leadId' = ?")
        .bind(leadId)
        .all<{ id: string }>()
    ).results.map((r) => r.id))
      expect(delivered.get(id), id).toBe(1);
    // The calendar side of both bookings and the team's release happened too.
    expect(
      await row(
        "SELECT count(*) AS n FROM bookings WHERE lead_id = ? AND calendar_sync_status = 'synced'",
        leadId,
      ),
    ).toEqual({ n: 2 });
    expect(
      await row("SELECT status FROM assignments WHERE lead_id = ? ORDER BY attempt DESC LIMIT 1", leadId),
    ).toEqual({ status: "released" });
  });
});

/**
 * A submission answers before its routing is written to D1 (worker/intake/route-lead.ts,
 * answerFirst). An isolate that dies right after the answer leaves the lead `received`; the
 * visitor's next call or the repair cron routes it again, the team object answers with the
 * rep it already chose, and the routing is recorded and announced once.
 */
describe("an isolate that dies between the answer and the routing record", () => {
  const counts = async (leadId: string) => ({
    lead: await row("SELECT status FROM leads WHERE id = ?", leadId),
    assignments: await row(
      "SELECT count(*) AS n, min(rep_id) AS rep FROM assignments WHERE lead_id = ?",
      leadId,
    ),
    decisions: await row("SELECT count(*) AS n FROM routing_decisions WHERE lead_id = ?", leadId),
    announced: await row(
      "SELECT count(*) AS n FROM outbox WHERE lead_id = ? AND kind = 'lead.routed'",
      leadId,
    ),
  });
  const submitDying = async (n: number, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({
      fields: {
        first_name: "Lost",
        last_name: `Record ${n}`,
        email: `lost${n}@lost${n}.example`,
        company: `Lost ${n}`,
        employees: "50-199",
        country: "US",
      },
    });
    const first = await request(dying("before the routing record"), "/v1/forms/demo/submissions", {
      method: "POST",
      body,
      headers,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.assignment?.repId).toBeTruthy();
    expect(first.body.slots.length).toBeGreaterThan(0);
    expect(await counts(first.body.leadId)).toMatchObject({
      lead: { status: "received" },
      assignments: { n: 0 },
      decisions: { n: 0 },
      announced: { n: 0 },
    });
    return { first, body };
  };

  it("answers a replay exactly as the first answer and records the routing once", async () => {
    const headers = { "Idempotency-Key": `lost-record-${++ip}` };
    const { first, body } = await submitDying(ip, headers);
    // Two at once: both find the lead unrecorded and route it; one record lands.
    const [again, third] = await Promise.all([
      request(env, "/v1/forms/demo/submissions", { method: "POST", body, headers }),
      request(env, "/v1/forms/demo/submissions", { method: "POST", body, headers }),
    ]);
    expect(again).toEqual({ status: 200, body: first.body });
    expect(third).toEqual({ status: 200, body: first.body });
    expect(await counts(first.body.leadId)).toEqual({
      lead: { status: "routed" },
      assignments: { n: 1, rep: first.body.assignment.repId },
      decisions: { n: 1 },
      announced: { n: 1 },
    });
  });

  it("lets the visitor book the slot they were shown, with the rep they were shown", async () => {
    const { first } = await submitDying(++ip);
    const booked = await request(env, `/v1/leads/${first.body.leadId}/bookings`, {
      method: "POST",
      body: JSON.stringify({ start: first.body.slots[0].start, bookingToken: first.body.bookingToken }),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.repId).toBe(first.body.assignment.repId);
    expect(await counts(first.body.leadId)).toMatchObject({
      assignments: { n: 1, rep: first.body.assignment.repId },
      decisions: { n: 1 },
      announced: { n: 1 },
    });
  });

  it("leaves the lead to the repair cron, which routes it to the same rep and announces it once", async () => {
    const { first } = await submitDying(++ip);
    const later = NOW + 2 * 60_000;
    const db = database(env.DB);
    await repairRouting.run({ env, db, now: later });
    expect(await repairRouting.run({ env, db, now: later + 60_000 })).toMatchObject({ due: 0 });
    expect(await counts(first.body.leadId)).toEqual({
      lead: { status: "routed" },
      assignments: { n: 1, rep: first.body.assignment.repId },
      decisions: { n: 1 },
      announced: { n: 1 },
    });
  });
});

it("deletes entries finished cleanly past the retention window, and keeps the rest", async () => {
  const old = NOW - OUTBOX_DONE_RETENTION_MS - 1;
  const rows: [string, number | null, string | null][] = [
    ["prune-done-old", old, null],
    ["prune-given-up", old, "HTTP 500"],
    ["prune-done-recent", NOW - 1000, null],
    ["prune-pending", null, null],
  ];
  for (const [id, doneAt, lastError] of rows)
    await env.DB.prepare(
      "INSERT INTO outbox (id, kind, payload, created_at, attempts, done_at, last_error) VALUES (?, 'notify', '{}', ?, 1, ?, ?)",
    )
      .bind(id, old - 1000, doneAt, lastError)
      .run();
  const db = database(env.DB);
  expect(await pruneOutbox.run({ db, env, now: NOW })).toEqual({ deleted: 1 });
  const left = await env.DB.prepare("SELECT id FROM outbox WHERE id LIKE 'prune-%' ORDER BY id").all();
  expect(left.results.map((r) => r.id)).toEqual(["prune-done-recent", "prune-given-up", "prune-pending"]);
});
