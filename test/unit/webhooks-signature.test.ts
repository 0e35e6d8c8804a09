import { describe, expect, it } from "vitest";
import { secretBytes, signWebhook, webhookBody } from "../../worker/core/webhooks";
import { generateWebhookSecret } from "../../worker/notify/webhook-secrets";

// The published test vector of the Standard Webhooks specification (its reference libraries' tests).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("signWebhook", () => {
  it("reproduces the Standard Webhooks test vector", async () => {
    const headers = await signWebhook({ ...VECTOR, secrets: [VECTOR.secret] });
    expect(headers).toEqual({
      "webhook-id": VECTOR.id,
      "webhook-timestamp": "1614265330",
      "webhook-signature": VECTOR.signature,
    });
  });

  it("sends one signature per live secret while a secret is rotated", async () => {
    const next = generateWebhookSecret();
    const headers = await signWebhook({ ...VECTOR, secrets: [next, VECTOR.secret] });
    const parts = headers["webhook-signature"].split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe(VECTOR.signature);
    expect(parts[0]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it("refuses to sign without a secret", async () => {
    await expect(signWebhook({ ...VECTOR, secrets: [] })).rejects.toThrow("no signing secret");
  });

  it("generates whsec_ secrets of 24 random bytes", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_/);
    expect(secretBytes(a)).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("shapes the body as type, ISO timestamp and data", () => {
    expect(JSON.parse(webhookBody({ type: "lead.routed", at: 0, data: { leadId: "l1" } }))).toEqual({
      type: "lead.routed",
      timestamp: "1970-01-01T00:00:00.000Z",
      data: { leadId: "l1" },
    });
  });
});
