import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { createApp } from "../../worker/app";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { ADMIN_TOKEN, BASE, clone } from "./helpers";

/** A Tuesday, 15:00 UTC: inside the demo reps' working hours. */
export const NOW = Date.UTC(2026, 11, 1, 15, 0, 0);
const RECEIVER = (env as unknown as Record<string, string | undefined>).WEBHOOK_RECEIVER_URL ?? "";
const app = createApp();
let ip = 0;

/**
 * Calls the app with its own execution context and waits for its `waitUntil` work, so
 * after-the-answer writes (slots shown, token touch) are visible to the next assertion.
 */
export async function send(
  path: string,
  init: Omit<RequestInit, "body"> & { body?: unknown; token?: string | null } = {},
): Promise<Response> {
  const { body, token = ADMIN_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { ...rest, headers, body: payload }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Publishes the demo org (optionally changed) and subscribes a webhook to lead and meeting events. */
export async function publishDemo(change: (config: any) => void = () => {}) {
  const config = clone(demoConfig) as any;
  change(config);
  const res = await send("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(res.status).toBe(201);
}

export async function subscribeWebhook() {
  const res = await send("/v1/admin/webhooks", {
    method: "POST",
    body: { url: `${RECEIVER}/admin-data`, eventTypes: ["lead.routed", "meeting.booked"] },
  });
  expect(res.status).toBe(201);
}

/**
 * The start most admin-data test files share: `Date` frozen at NOW (timers stay real), the
 * demo org published and the webhook subscribed. Pair it with `afterAll(() => vi.useRealTimers())`.
 */
export async function startDemoWithWebhook(): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishDemo();
  await subscribeWebhook();
}

/** Runs `action` with the queue captured (nothing reaches the real queue), then returns what it queued. */
export async function captureQueue(action: () => Promise<unknown>): Promise<NotificationMessage[]> {
  const spy = vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockResolvedValue(undefined as never);
  try {
    await action();
    return spy.mock.calls.flatMap(([batch]) => [...batch].map((m) => m.body as NotificationMessage));
  } finally {
    spy.mockRestore();
  }
}

/** Delivers messages through the real consumer and channels (email → dev outbox, webhooks → fake). */
export async function deliver(messages: NotificationMessage[]) {
  const batch = createMessageBatch(
    "baton-notifications",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(NOW), attempts: 1, body })),
  );
  await consumeNotifications(batch, env, notificationChannels);
}

export type Submitted = { leadId: string; bookingToken: string; slots: { start: string }[]; assignment: any };

/** A real submission of the demo form, with its notifications captured. */
export async function submit(fields: Record<string, unknown>, formId = "demo") {
  let body: Submitted | undefined;
  const queued = await captureQueue(async () => {
    const res = await send(`/v1/forms/${formId}/submissions`, {
      method: "POST",
      token: null,
      headers: { "CF-Connecting-IP": `203.0.113.${++ip % 250}` },
      body: { fields },
    });
    expect(res.status).toBe(201);
    body = await res.json<Submitted>();
  });
  return { ...body!, queued };
}

/** Books one of the lead's offered slots, with the invites captured. */
export async function bookFirstSlot(lead: Submitted) {
  let bookingId = "";
  const queued = await captureQueue(async () => {
    const res = await send(`/v1/leads/${lead.leadId}/bookings`, {
      method: "POST",
      token: null,
      // A slot well ahead: the first one may fall inside the minimum notice once the clock moves.
      body: { start: lead.slots[Math.min(8, lead.slots.length - 1)]!.start, bookingToken: lead.bookingToken },
    });
    expect(res.status).toBe(201);
    bookingId = (await res.json<{ bookingId: string }>()).bookingId;
  });
  return { bookingId, queued };
}

export function person(email: string, extra: Record<string, unknown> = {}) {
  return {
    first_name: "Grace",
    last_name: "Hopper",
    email,
    company: "Navy Compilers",
    employees: "50-199",
    country: "US",
    ...extra,
  };
}
