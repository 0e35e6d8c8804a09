import { judgeDnsAnswers, type DnsJson, type DnsVerdict } from "../core/webhooks/dns-answer";
import { checkOutboundUrl, type TargetCheck } from "../core/webhooks/outbound-url";
import { allowPrivateTargets, dohResolverUrl } from "./settings";

/** A DoH lookup is on a delivery's path; a resolver slower than this is treated as down. */
export const DOH_TIMEOUT_MS = 3_000;

const QUERY_TYPES = ["A", "AAAA"] as const;

/**
 * Self-hosted mode (`OUTBOUND_DOH_URL` set): resolves `host` with the DNS-over-HTTPS JSON API
 * (GET `?name=&type=`, `Accept: application/dns-json`; Cloudflare's
 * https://cloudflare-dns.com/dns-query and Google's https://dns.google/resolve both answer it)
 * and refuses names with any private, loopback, link-local, unique-local or metadata answer.
 * IP literals need no lookup: `checkOutboundUrl` judged them already.
 *
 * The lookup and the delivery's own fetch resolve separately, so a name that changes its answer
 * between the two (a rebinding attacker with TTL 0) can still slip through; docs/webhooks.md says
 * to put an egress firewall in front of a self-hosted runtime for that reason.
 */
export async function resolvePublicHost(
  resolverUrl: string,
  host: string,
  timeoutMs = DOH_TIMEOUT_MS,
): Promise<DnsVerdict> {
  if (host.startsWith("[") || /^[\d.]+$/.test(host)) return { ok: true, addresses: [host] };
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const answers = await Promise.all(QUERY_TYPES.map((type) => query(resolverUrl, host, type, signal)));
    return judgeDnsAnswers(host, answers);
  } catch (err) {
    const reason = signal.aborted
      ? `DNS lookup of ${host} timed out after ${timeoutMs} ms`
      : `DNS lookup of ${host} failed: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, reason, retryable: true };
  }
}

async function query(resolverUrl: string, host: string, type: string, signal: AbortSignal): Promise<DnsJson> {
  const url = new URL(resolverUrl);
  url.searchParams.set("name", host);
  url.searchParams.set("type", type);
  const res = await fetch(url, { headers: { Accept: "application/dns-json" }, redirect: "manual", signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`the resolver answered HTTP ${res.status}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new Error("the resolver's answer is not a DNS JSON object");
  return body as DnsJson;
}

/**
 * The subscription-time check: the URL policy, then (self-hosted mode) the name's answers. A
 * name that resolves to a private address is refused at once; a resolver that is down does not
 * block the subscription, since every delivery checks again.
 */
export async function checkSubscriptionTarget(env: Env, raw: string): Promise<TargetCheck> {
  const allowPrivate = allowPrivateTargets(env);
  const check = checkOutboundUrl(raw, { allowPrivate });
  const resolver = dohResolverUrl(env);
  if (!check.ok || !resolver || allowPrivate) return check;
  const verdict = await resolvePublicHost(resolver, check.url.hostname);
  return verdict.ok || verdict.retryable ? check : { ok: false, reason: verdict.reason };
}
