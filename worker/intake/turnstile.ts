import { z } from "zod";

/** Only the fields Baton reads from Cloudflare's documented siteverify response. */
const SiteverifyResponse = z.object({
  success: z.boolean(),
  "error-codes": z.array(z.string()).default([]),
});

export type TurnstileResult = { ok: true } | { ok: false; reason: string };

/** Turnstile answers in well under a second; past this the visitor is better served by a retry. */
const VERIFY_TIMEOUT_MS = 3000;

/**
 * Verifies a Turnstile token with siteverify. Tokens are single-use on Cloudflare's side
 * (a replay answers `timeout-or-duplicate`), which is what makes a token good for one lead.
 */
export async function verifyTurnstile(opts: {
  token: string | undefined;
  secret: string | undefined;
  remoteIp: string | undefined;
  verifyUrl: string;
  idempotencyKey: string;
  timeoutMs?: number;
}): Promise<TurnstileResult> {
  if (!opts.token) return { ok: false, reason: "missing-input-response" };
  if (!opts.secret) return { ok: false, reason: "missing-input-secret" };
  const body = new FormData();
  body.set("secret", opts.secret);
  body.set("response", opts.token);
  if (opts.remoteIp) body.set("remoteip", opts.remoteIp);
  body.set("idempotency_key", opts.idempotencyKey);
  try {
    const res = await fetch(opts.verifyUrl, {
      method: "POST",
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? VERIFY_TIMEOUT_MS),
    });
    const parsed = SiteverifyResponse.safeParse(await res.json());
    if (!parsed.success) return { ok: false, reason: "bad-siteverify-response" };
    return parsed.data.success
      ? { ok: true }
      : { ok: false, reason: parsed.data["error-codes"].join(",") || "failed" };
  } catch {
    return { ok: false, reason: "siteverify-unreachable" };
  }
}
