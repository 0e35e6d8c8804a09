/**
 * Outbound URL policy for webhooks and Slack: https only, no credentials in the URL, and no
 * loopback, private, link-local, CGNAT, unique-local or multicast address literals and no
 * `localhost`-style names. Hostnames are not resolved here: a Worker's fetch leaves from
 * Cloudflare's network, which cannot reach the deployment's private networks, so the literal
 * and name checks cover what a Worker can be tricked into; deliveries also refuse redirects.
 */
export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

const PRIVATE_NAMES = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /^localhost\.localdomain$/];

// [first address as a 32-bit number, prefix length]
const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // "this" network
  [0x0a000000, 8], // RFC 1918
  [0x64400000, 10], // CGNAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata lives here)
  [0xac100000, 12], // RFC 1918
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0a80000, 16], // RFC 1918
  [0xc6120000, 15], // benchmarking
  [0xe0000000, 3], // multicast, reserved, broadcast
];

function v4Number(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function privateV4(n: number): boolean {
  return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
}

const hexGroups = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);

/** Expands a (WHATWG-normalised) IPv6 literal to eight 16-bit groups. */
function v6Groups(host: string): number[] | null {
  const [head = "", tail] = host.split("::");
  const left = hexGroups(head);
  const right = tail === undefined ? [] : hexGroups(tail);
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function privateV6(g: number[]): boolean {
  const first = g[0]!;
  if (g.every((x) => x === 0) || (g.slice(0, 7).every((x) => x === 0) && g[7] === 1)) return true; // :: and ::1
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00) return true; // ULA, link-local, multicast
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) embed an IPv4 address: judge that.
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = first === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  return (mapped || nat64) && privateV4(g[6]! * 0x10000 + g[7]!);
}

/**
 * Whether an address that a name resolved to (dotted IPv4, or IPv6 without brackets) is one
 * a delivery must not reach: the same ranges as the literal check. Unreadable text counts as
 * private, so a resolver answer the guard cannot judge is refused rather than trusted.
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = v4Number(ip);
  if (v4 !== null) return privateV4(v4);
  if (!ip.includes(":")) return true;
  // WHATWG URL parsing normalises the many spellings of an IPv6 address (embedded IPv4 too).
  let host: string;
  try {
    host = new URL(`https://[${ip}]/`).hostname;
  } catch {
    return true;
  }
  const groups = v6Groups(host.slice(1, -1));
  return !groups || privateV6(groups);
}

/** Whether `raw` may be called. `allowPrivate` (local dev and tests only) also allows http. */
export function checkOutboundUrl(raw: string, opts: { allowPrivate: boolean }): TargetCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "https:" && !(opts.allowPrivate && url.protocol === "http:")) {
    return { ok: false, reason: "only https URLs are allowed" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  if (opts.allowPrivate) return { ok: true, url };
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (PRIVATE_NAMES.some((re) => re.test(host)))
    return { ok: false, reason: "local host names are not allowed" };
  const v4 = v4Number(host);
  if (v4 !== null && privateV4(v4)) return { ok: false, reason: "private or loopback address" };
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    if (!groups || privateV6(groups)) return { ok: false, reason: "private or loopback address" };
  }
  return { ok: true, url };
}
