import { DeliveryError, PermanentDeliveryError } from "./channel";
import { checkOutboundUrl } from "../core/webhooks/outbound-url";
import { allowPrivateTargets } from "./settings";

/** Slack and webhook receivers are expected to answer quickly and do their work later. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Seconds a 429 or 503 asks the sender to wait (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date), or undefined when the header is absent or unreadable.
 */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * POSTs a JSON body to a customer-supplied URL under the SSRF policy. Redirects are not
 * followed (a redirect to a private address would bypass the check); any non-2xx is a
 * retryable failure carrying its status and Retry-After. `errorBody` picks the error code out
 * of an error response for the log; only for receivers whose errors are codes (Slack's
 * `channel_is_archived`, Workflows' `WorkflowNotFound`), never for customer endpoints that
 * might echo the payload.
 */
export async function postJson(
  env: Env,
  url: string,
  body: string,
  headers: Record<string, string> = {},
  opts: { errorBody?: (text: string) => string } = {},
) {
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
  // Read the body so the connection is released; only an opted-in error code is kept.
  const text = await res.text().catch(() => "");
  if (res.status >= 200 && res.status < 300) return { responseStatus: res.status };
  const code = opts.errorBody?.(text) ?? "";
  throw new DeliveryError(
    `HTTP ${res.status}${code ? ` ${code}` : ""}`,
    res.status,
    retryAfterSeconds(res.headers.get("Retry-After"), Date.now()),
  );
}
