import { isPrivateAddress } from "./outbound-url";

/**
 * Reading a DNS-over-HTTPS JSON answer (the `application/dns-json` shape Google Public DNS
 * defined and Cloudflare's 1.1.1.1 follows): `{ Status, Question, Answer: [{ name, type, TTL,
 * data }] }`. `Status` is the DNS RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, …); the answer
 * section may start with the CNAME chain (type 5) before the addresses (A = 1, AAAA = 28).
 */
export type DnsJson = {
  Status?: unknown;
  Answer?: unknown;
  Comment?: unknown;
};

export type DnsVerdict =
  | { ok: true; addresses: string[] }
  /** `retryable`: the resolver or the name's servers failed; try the delivery again later. */
  | { ok: false; reason: string; retryable: boolean };

const A = 1;
const AAAA = 28;
const NXDOMAIN = 3;
// RCODEs that describe the resolver's or the zone's trouble rather than the name's absence.
const TRANSIENT = new Set([2, 5]); // SERVFAIL, REFUSED

/**
 * The addresses `host` resolves to, judged: every A and AAAA record of the answers must be
 * public (one private answer is enough for a rebinding attack, so any refuses the target).
 * `answers` holds one parsed body per query type asked (A and AAAA).
 */
export function judgeDnsAnswers(host: string, answers: readonly DnsJson[]): DnsVerdict {
  const addresses: string[] = [];
  for (const answer of answers) {
    const status = answer.Status;
    if (typeof status !== "number")
      return { ok: false, reason: `unreadable DNS answer for ${host}`, retryable: true };
    if (status === NXDOMAIN)
      return { ok: false, reason: `${host} does not exist (NXDOMAIN)`, retryable: false };
    if (status !== 0) {
      return {
        ok: false,
        reason: `DNS lookup of ${host} failed (RCODE ${status})`,
        retryable: TRANSIENT.has(status),
      };
    }
    const records = Array.isArray(answer.Answer) ? answer.Answer : [];
    for (const record of records) {
      const { type, data } = (record ?? {}) as { type?: unknown; data?: unknown };
      if ((type === A || type === AAAA) && typeof data === "string") addresses.push(data);
    }
  }
  const refused = addresses.find(isPrivateAddress);
  if (refused)
    return { ok: false, reason: `${host} resolves to a private address (${refused})`, retryable: false };
  if (addresses.length === 0) return { ok: false, reason: `${host} has no address`, retryable: false };
  return { ok: true, addresses };
}
