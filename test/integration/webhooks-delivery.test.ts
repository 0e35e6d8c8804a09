import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { webhookMessagesFor } from "../../worker/notify/webhook-fanout";
import { MAX_RETRIES } from "../../worker/notify/queue";
import { resolvePublicHost } from "../../worker/notify/resolve-target";
import { FAKE_RECEIVER, deliver, deliveryLog, received as receivedAt } from "./notify-helpers";
import { request } from "./sla-fixtures";

/** What the fake receiver got under a path prefix. */
const received = (prefix: string) => receivedAt(FAKE_RECEIVER, prefix);

async function subscribe(path: string, eventTypes = ["sla.breached"]) {
  const res = await request("/v1/admin/webhooks", {
    method: "POST",
    admin: true,
    body: JSON.stringify({ url: `${FAKE_RECEIVER}${path}`, eventTypes }),
  });
  expect(res.status).toBe(201);
  return res.json<{ id: string; secret: string }>();
}

/** Emits one event and returns the queue messages addressed to `subscriptionId`. */
async function emit(subscriptionId: string, type: "sla.breached" | "lead.routed" = "sla.breached") {
  const all = await webhookMessagesFor(
    database(env.DB),
    [{ type, at: Date.UTC(2026, 11, 1), leadId: "l1", data: { leadId: "l1" } }],
    Date.now(),
  );
  return all.filter((m) => (m.payload as { subscriptionId: string }).subscriptionId === subscriptionId);
}

/** An independent Standard Webhooks check (not the code under test): HMAC over id.timestamp.body. */
async function verify(secret: string, h: Record<string, string>, body: string) {
  const raw = Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const content = new TextEncoder().encode(`${h["webhook-id"]}.${h["webhook-timestamp"]}.${body}`);
  for (const sig of h["webhook-signature"]!.split(" ")) {
    const mac = Uint8Array.from(atob(sig.slice(3)), (c) => c.charCodeAt(0));
    if (await crypto.subtle.verify("HMAC", key, mac, content)) return true;
  }
  return false;
}

// Needs the fake receiver binding from vitest.config.ts (see issue 9 notes); skipped without it.
describe.skipIf(!FAKE_RECEIVER)("webhook delivery", () => {
  it("delivers only subscribed events, signed so the endpoint's secret verifies them", async () => {
    const sub = await subscribe("/ok/signed");
    expect(await emit(sub.id, "lead.routed")).toEqual([]);
    const messages = await emit(sub.id);
    expect(messages).toHaveLength(1);
    expect((await deliver(messages)).acks).toEqual([messages[0]!.id]);
    const [hit] = await received("/ok/signed");
    expect(hit!.headers["webhook-id"]).toBe(messages[0]!.id);
    expect(JSON.parse(hit!.body)).toMatchObject({ type: "sla.breached", data: { leadId: "l1" } });
    expect(await verify(sub.secret, hit!.headers, hit!.body)).toBe(true);
    expect(await deliveryLog(messages[0]!.id)).toEqual([
      { status: "delivered", attempt: 1, responseStatus: 200, error: null },
    ]);
  });

  it("signs with both secrets during a rotation", async () => {
    const sub = await subscribe("/ok/rotated");
    const rotated = await request(`/v1/admin/webhooks/${sub.id}/rotate`, { method: "POST", admin: true });
    const { secret } = await rotated.json<{ secret: string }>();
    await deliver(await emit(sub.id));
    const [hit] = await received("/ok/rotated");
    expect(hit!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(await verify(secret, hit!.headers, hit!.body)).toBe(true);
    expect(await verify(sub.secret, hit!.headers, hit!.body)).toBe(true);
  });

  it("retries a 500 with backoff, then gives up as dead after the last attempt", async () => {
    const sub = await subscribe("/fail/always");
    const [message] = await emit(sub.id);
    expect((await deliver([message!], 1)).retries).toEqual([{ id: message!.id, delaySeconds: 10 }]);
    expect((await deliver([message!], 2)).retries).toEqual([{ id: message!.id, delaySeconds: 20 }]);
    await deliver([message!], MAX_RETRIES + 1);
    expect(await deliveryLog(message!.id)).toEqual([
      { status: "failed", attempt: 1, responseStatus: 500, error: "HTTP 500" },
      { status: "failed", attempt: 2, responseStatus: 500, error: "HTTP 500" },
      { status: "dead", attempt: MAX_RETRIES + 1, responseStatus: 500, error: "HTTP 500" },
    ]);
    expect(await received("/fail/always")).toHaveLength(3);
    const res = await request(`/v1/admin/webhooks/${sub.id}/deliveries`, { admin: true });
    const body = await res.json<{ messages: { id: string; attempts: unknown[] }[] }>();
    expect(body.messages).toEqual([
      expect.objectContaining({ id: message!.id, attempts: expect.any(Array) }),
    ]);
    expect(body.messages[0]!.attempts).toHaveLength(3);
  });

  it("redelivers a stored message with the same webhook-id and body", async () => {
    const sub = await subscribe("/ok/redeliver");
    const [message] = await emit(sub.id);
    await deliver([message!]);
    const res = await request(`/v1/admin/webhooks/messages/${message!.id}/redeliver`, {
      method: "POST",
      admin: true,
    });
    expect(res.status).toBe(202);
    await deliver([message!]);
    const hits = await received("/ok/redeliver");
    expect(hits.map((h) => h.headers["webhook-id"])).toEqual([message!.id, message!.id]);
    expect(hits[1]!.body).toBe(hits[0]!.body);
  });

  it("refuses a private-address target without the override, sending nothing and not retrying", async () => {
    const sub = await subscribe("/ok/private");
    const messages = await emit(sub.id);
    const strict = { ...env, WEBHOOK_ALLOW_PRIVATE: "false" } as Env;
    const result = await deliver(messages, 1, strict);
    expect(result).toEqual({ acks: [messages[0]!.id], retries: [] });
    expect(await received("/ok/private")).toEqual([]);
    expect(await deliveryLog(messages[0]!.id)).toEqual([
      {
        status: "dead",
        attempt: 1,
        responseStatus: null,
        error: "target refused: only https URLs are allowed",
      },
    ]);

    const res = await request("/v1/admin/webhooks", {
      method: "POST",
      admin: true,
      body: JSON.stringify({ url: `${FAKE_RECEIVER}/ok/never`, eventTypes: ["lead.routed"] }),
      bindings: strict,
    });
    expect(res.status).toBe(422);
  });
});

const FAKE_DOH = (env as unknown as Record<string, string | undefined>).FAKE_DOH_URL ?? "";

// Self-hosted workerd mode: names are resolved through DNS over HTTPS (test/fakes/doh.ts, the
// documented application/dns-json shape) and any private answer refuses the target.
describe.skipIf(!FAKE_DOH)("outbound targets resolved through DNS over HTTPS", () => {
  const selfHosted = { ...env, WEBHOOK_ALLOW_PRIVATE: "false", OUTBOUND_DOH_URL: FAKE_DOH } as Env;

  it.each([
    [
      "hooks.public.test",
      { ok: true, addresses: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] },
    ],
    ["v4only.public.test", { ok: true, addresses: ["104.16.132.229"] }],
    [
      "intranet.test",
      { ok: false, reason: "intranet.test resolves to a private address (10.0.0.5)", retryable: false },
    ],
    [
      "loopback.test",
      { ok: false, reason: "loopback.test resolves to a private address (127.0.0.1)", retryable: false },
    ],
    [
      "metadata.rebind.test",
      {
        ok: false,
        reason: "metadata.rebind.test resolves to a private address (169.254.169.254)",
        retryable: false,
      },
    ],
    [
      "dual.test",
      { ok: false, reason: "dual.test resolves to a private address (fd12:3456:789a::1)", retryable: false },
    ],
    [
      "mapped.test",
      {
        ok: false,
        reason: "mapped.test resolves to a private address (::ffff:192.168.1.10)",
        retryable: false,
      },
    ],
    ["noaddress.test", { ok: false, reason: "noaddress.test has no address", retryable: false }],
    ["nowhere.test", { ok: false, reason: "nowhere.test does not exist (NXDOMAIN)", retryable: false }],
    ["servfail.test", { ok: false, reason: "DNS lookup of servfail.test failed (RCODE 2)", retryable: true }],
    ["refused.test", { ok: false, reason: "DNS lookup of refused.test failed (RCODE 5)", retryable: true }],
    [
      "garbage.test",
      {
        ok: false,
        reason: "DNS lookup of garbage.test failed: the resolver's answer is not a DNS JSON object",
        retryable: true,
      },
    ],
  ])("judges %s", async (host, verdict) => {
    expect(await resolvePublicHost(FAKE_DOH, host)).toEqual(verdict);
  });

  it("gives up on a silent resolver after its timeout, and reports a resolver's HTTP error", async () => {
    expect(await resolvePublicHost(FAKE_DOH, "hang.test", 150)).toEqual({
      ok: false,
      reason: "DNS lookup of hang.test timed out after 150 ms",
      retryable: true,
    });
    expect(
      await resolvePublicHost(FAKE_DOH.replace("/dns-query", "/wrong-path"), "hooks.public.test"),
    ).toEqual({
      ok: false,
      reason: "DNS lookup of hooks.public.test failed: the resolver answered HTTP 400",
      retryable: true,
    });
  });

  it("refuses at subscription a name that resolves privately, but not one whose resolver fails", async () => {
    const subscribeTo = (url: string) =>
      request("/v1/admin/webhooks", {
        method: "POST",
        admin: true,
        body: JSON.stringify({ url, eventTypes: ["sla.breached"] }),
        bindings: selfHosted,
      });
    const refused = await subscribeTo("https://metadata.rebind.test/hook");
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: {
        message: "URL refused: metadata.rebind.test resolves to a private address (169.254.169.254)",
        details: { errors: [{ path: ["url"], code: "ssrf" }] },
      },
    });
    expect((await subscribeTo("https://servfail.test/hook")).status).toBe(201);
  });

  it("at delivery, drops a target whose name now resolves privately and retries one whose DNS fails", async () => {
    // Subscribed while the name looked harmless (or before the mode was on); it points inside now.
    const rebound = await request("/v1/admin/webhooks", {
      method: "POST",
      admin: true,
      body: JSON.stringify({ url: "https://intranet.test/hook", eventTypes: ["sla.breached"] }),
    }).then((r) => r.json<{ id: string }>());
    const [toPrivate] = await emit(rebound.id);
    expect(await deliver([toPrivate!], 1, selfHosted)).toEqual({ acks: [toPrivate!.id], retries: [] });
    expect(await deliveryLog(toPrivate!.id)).toEqual([
      {
        status: "dead",
        attempt: 1,
        responseStatus: null,
        error: "target refused: intranet.test resolves to a private address (10.0.0.5)",
      },
    ]);

    const flaky = await request("/v1/admin/webhooks", {
      method: "POST",
      admin: true,
      body: JSON.stringify({ url: "https://servfail.test/hook", eventTypes: ["sla.breached"] }),
    }).then((r) => r.json<{ id: string }>());
    const [toFlaky] = await emit(flaky.id);
    const result = await deliver([toFlaky!], 1, selfHosted);
    expect(result.acks).toEqual([]);
    expect(result.retries.map((r) => r.id)).toEqual([toFlaky!.id]);
    expect((await deliveryLog(toFlaky!.id))[0]).toMatchObject({
      status: "failed",
      error: "DNS lookup of servfail.test failed (RCODE 2)",
    });
  });
});
