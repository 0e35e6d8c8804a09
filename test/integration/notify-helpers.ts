import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import { callSettled } from "./helpers";

/** The fake Slack started by vitest.config.ts (test/fakes/slack-receiver.ts). */
export const FAKE_SLACK = (env as unknown as Record<string, string | undefined>).SLACK_WEBHOOK_ORIGIN ?? "";
/** The fake generic webhook endpoint (test/fakes/webhook-receiver.ts). */
export const FAKE_RECEIVER =
  (env as unknown as Record<string, string | undefined>).WEBHOOK_RECEIVER_URL ?? "";

/** A Slack incoming-webhook URL whose token tells the fake how to behave (see the fake). */
export const hook = (token: string) => `https://hooks.slack.com/services/T0BATON/B0TEST/${token}`;
export const hookPath = (token: string) => new URL(hook(token)).pathname;

/**
 * Runs `action` and returns every notification it handed to the queue. They are held back
 * from Miniflare's queue, whose consumer would deliver them in the background on its own
 * schedule; tests deliver them with `deliver` instead, attempt by attempt.
 */
export async function queued(action: () => Promise<unknown>): Promise<NotificationMessage[]> {
  const spy = vi
    .spyOn(env.NOTIFICATIONS, "sendBatch")
    .mockResolvedValue({} as Awaited<ReturnType<Queue["sendBatch"]>>);
  try {
    await action();
    return spy.mock.calls.flatMap(([batch]) => [...batch].map((m) => m.body as NotificationMessage));
  } finally {
    spy.mockRestore();
  }
}

/** Runs the real consumer and channels over messages at attempt `attempts`; what it asked the queue. */
export async function deliver(messages: NotificationMessage[], attempts = 1, bindings: Env = env) {
  const acks: string[] = [];
  const retries: { id: string; delaySeconds?: number }[] = [];
  const batch = {
    queue: "baton-notifications",
    messages: messages.map((body) => ({
      id: body.id,
      timestamp: new Date(),
      attempts,
      body,
      ack: () => acks.push(body.id),
      retry: (o?: { delaySeconds?: number }) => retries.push({ id: body.id, ...o }),
    })),
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<NotificationMessage>;
  await consumeNotifications(batch, bindings, notificationChannels);
  return { acks, retries };
}

type Hit = { path: string; body: string; status: number; headers: Record<string, string> };

/** What a fake received under a path prefix. */
export async function received(origin: string, prefix: string): Promise<Hit[]> {
  return (await fetch(`${origin}/__received?prefix=${encodeURIComponent(prefix)}`)).json<Hit[]>();
}

/** The delivery log of one message, oldest first. */
export async function deliveryLog(messageId: string) {
  const { results } = await env.DB.prepare(
    "SELECT status, attempt, response_status AS responseStatus, error FROM notification_deliveries WHERE message_id = ? ORDER BY attempt, created_at",
  )
    .bind(messageId)
    .all();
  return results;
}

let submitted = 0;
/**
 * Submits a lead to the demo form that the demo rules send to sdr-na, through the Worker's
 * own fetch handler (with an execution context, as in production). The clock is faked by the caller.
 */
export async function submitDemoLead(company = "Cobol Inc") {
  const n = ++submitted;
  const res = await callSettled("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `198.51.100.${n % 250}` },
    body: JSON.stringify({
      fields: {
        first_name: "Grace",
        last_name: `Hopper${n}`,
        email: `grace${n}-${crypto.randomUUID().slice(0, 8)}@cobol.example`,
        company,
        employees: "1-49",
        country: "US",
      },
    }),
  });
  if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${await res.text()}`);
  return res.json<{
    leadId: string;
    bookingToken: string;
    slots: { start: string }[];
    assignment: { repId: string; teamId: string };
  }>();
}
