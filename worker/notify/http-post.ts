import { DeliveryError, PermanentDeliveryError } from "../queue/notifications";
import { checkOutboundUrl } from "../security/ssrf";
import { allowPrivateTargets } from "./settings";

/** Slack and webhook receivers are expected to answer quickly and do their work later. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON body to a customer-supplied URL under the SSRF policy. Redirects are not
 * followed (a redirect to a private address would bypass the check); any non-2xx is a
 * retryable failure carrying its status.
 */
export async function postJson(env: Env, url: string, body: string, headers: Record<string, string> = {}) {
  const check = checkOutboundUrl(url, { allowPrivate: allowPrivateTargets(env) });
  if (!check.ok) throw new PermanentDeliveryError(`target refused: ${check.reason}`);
  let res: Response;
  try {
    res = await fetch(check.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Baton-Webhooks/1.0", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
  } catch (err) {
    throw new DeliveryError(`request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Drain the body so the connection is released; its content is not logged (may hold PII).
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new DeliveryError(`HTTP ${res.status}`, res.status);
  return { responseStatus: res.status };
}
