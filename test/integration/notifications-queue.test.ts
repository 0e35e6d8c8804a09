import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consumeNotifications, MAX_RETRIES, retryDelaySeconds } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";

function message(id: string, channel: string, attempts = 1) {
  const body: NotificationMessage = {
    id,
    channel,
    eventType: "lead.routed",
    target: "test",
    payload: { leadId: "l1" },
  };
  return { id: `msg-${id}-${attempts}`, timestamp: new Date(0), attempts, body };
}

async function deliveries(messageId: string) {
  const { results } = await env.DB.prepare(
    "SELECT status, attempt, error FROM notification_deliveries WHERE message_id = ? ORDER BY attempt",
  )
    .bind(messageId)
    .all();
  return results;
}

describe("notifications queue consumer", () => {
  it("acks delivered messages and retries failed ones with backoff, logging every attempt", async () => {
    const batch = createMessageBatch<NotificationMessage>("baton-notifications", [
      message("ok-1", "good"),
      message("fail-1", "flaky", 3),
    ]);
    const ctx = createExecutionContext();
    await consumeNotifications(batch, env, {
      good: async () => ({ responseStatus: 200 }),
      flaky: async () => {
        throw new Error("503 from upstream");
      },
    });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["msg-ok-1-1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-fail-1-3"]);
    expect(await deliveries("ok-1")).toEqual([{ status: "delivered", attempt: 1, error: null }]);
    expect(await deliveries("fail-1")).toEqual([
      { status: "failed", attempt: 3, error: "503 from upstream" },
    ]);
  });

  it("marks the last attempt dead, and a message for an unknown channel dead at once", async () => {
    const batch = createMessageBatch<NotificationMessage>("baton-notifications", [
      message("last", "flaky", MAX_RETRIES + 1),
      message("nowhere", "carrier-pigeon"),
    ]);
    const ctx = createExecutionContext();
    await consumeNotifications(batch, env, {
      flaky: async () => {
        throw new Error("still down");
      },
    });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["msg-nowhere-1"]);
    expect(await deliveries("last")).toEqual([
      { status: "dead", attempt: MAX_RETRIES + 1, error: "still down" },
    ]);
    expect(await deliveries("nowhere")).toEqual([
      { status: "dead", attempt: 1, error: 'unknown channel "carrier-pigeon"' },
    ]);
  });

  it("asks the queue to wait the backoff delay before a retry", async () => {
    const retries: unknown[] = [];
    const spy = { ...message("delay", "flaky", 2), ack: () => {}, retry: (o: unknown) => retries.push(o) };
    const batch = { queue: "baton-notifications", messages: [spy], ackAll: () => {}, retryAll: () => {} };
    await consumeNotifications(batch as unknown as MessageBatch<NotificationMessage>, env, {
      flaky: async () => {
        throw new Error("down");
      },
    });
    expect(retries).toEqual([{ delaySeconds: 20 }]);
  });

  it("backs off exponentially and caps the delay at an hour", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20)).toBe(3600);
  });
});
