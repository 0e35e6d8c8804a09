import disposableDomains from "disposable-email-domains-js/dist/dict/disposable_email_blocklist.json";
import { freeEmailDomains } from "free-email-domains-typescript";
import rolePrefixes from "role-based-email-addresses";
import { parse } from "tldts";
import { toAsciiHost } from "../account-match/normalize";

/** What an email address tells about a lead. */
export type EmailFacts = {
  /** Trimmed and lower-cased; the lead's identity for dedupe. */
  email: string;
  /** Full host after "@", in ASCII (punycode) form: "mail.acme.co.uk". */
  host: string;
  /** Registrable domain by the public suffix list: "acme.co.uk"; null for IPs and bare suffixes. */
  domain: string | null;
  isFree: boolean;
  isDisposable: boolean;
  /** The local part names a role or a shared inbox ("info@", "sales@"), not a person. */
  isRole: boolean;
};

// Sets are built on first use, so an isolate that never parses an email never pays for them.
let free: ReadonlySet<string> | undefined;
let disposable: ReadonlySet<string> | undefined;
let roles: ReadonlySet<string> | undefined;

const freeSet = () => (free ??= new Set(freeEmailDomains.map((d) => d.toLowerCase())));
const disposableSet = () => (disposable ??= new Set(disposableDomains.map((d) => d.toLowerCase())));
const roleSet = () => (roles ??= new Set(rolePrefixes.map((p) => p.toLowerCase())));

// Deliberately loose: the form's zod schema already validated the address; here we only
// need a local part and a host to derive facts from.
const EMAIL = /^([^\s@]+)@([^\s@]+)$/;

/** True when `domain` (or a parent of it, e.g. "mail.yahoo.co.uk") is in `set`. */
function inList(set: ReadonlySet<string>, host: string, domain: string | null): boolean {
  return set.has(host) || (domain !== null && set.has(domain));
}

/**
 * Parses an email address into facts. Returns null when it has no "@host" part.
 * International domains are converted to punycode so they compare equal to imported accounts.
 */
export function parseEmail(raw: string): EmailFacts | null {
  const email = raw.trim().toLowerCase();
  const m = EMAIL.exec(email);
  if (!m) return null;
  const host = toAsciiHost(m[2]!.replace(/\.$/, ""));
  if (host === null) return null;
  const parsed = parse(host);
  const domain = parsed.isIp ? null : (parsed.domain ?? null);
  // "first.last+tag" → "first.last": sub-addressing does not change whether it is a role.
  const local = m[1]!.split("+", 1)[0]!;
  return {
    email: `${m[1]}@${host}`,
    host,
    domain,
    isFree: inList(freeSet(), host, domain),
    isDisposable: inList(disposableSet(), host, domain),
    isRole: roleSet().has(local),
  };
}
