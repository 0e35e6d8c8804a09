import type { FactValue, LeadFacts } from "../lead-facts/types";
import { normalizeCompanyName } from "./normalize";

/** One row of the accounts table, as matching needs it. */
export type AccountRecord = {
  /** Lower-case ASCII host as `normalizeDomain` returns it. */
  domain: string;
  name: string;
  /** `normalizeCompanyName(name)`; computed when absent. */
  normalizedName?: string;
  ownerRepId: string | null;
  parentDomain: string | null;
};

/** How an account was found; recorded in the trace, strongest first. */
export type MatchConfidence = "exact_domain" | "subdomain" | "company_name" | "none";

/** The result of account matching, shown in the trace and exposed as `account.*` facts. */
export type AccountMatch = {
  confidence: MatchConfidence;
  account: { domain: string; name: string; parentDomain: string | null } | null;
  /** The owning rep; `inheritedFrom` names the parent account it came from, if any. */
  owner: { repId: string; inheritedFrom: string | null } | null;
  /** For a company-name match: how many accounts share that name (the first by domain won). */
  candidates?: number;
  /** A sentence for the dashboard. */
  reason: string;
};

/** Lookup tables over all accounts; build once per data version, then match in O(labels). */
export type AccountIndex = {
  readonly byDomain: ReadonlyMap<string, AccountRecord>;
  readonly byName: ReadonlyMap<string, { account: AccountRecord; count: number }>;
};

// A parent chain longer than this is a data error (or a cycle); stop rather than loop.
const MAX_PARENT_DEPTH = 10;

/** The owner of `account`, or of its nearest ancestor that has one. */
function ownerOf(index: AccountIndex, account: AccountRecord): AccountMatch["owner"] {
  let cur: AccountRecord | undefined = account;
  for (let depth = 0; cur && depth <= MAX_PARENT_DEPTH; depth++) {
    if (cur.ownerRepId) return { repId: cur.ownerRepId, inheritedFrom: cur === account ? null : cur.domain };
    cur = cur.parentDomain ? index.byDomain.get(cur.parentDomain) : undefined;
  }
  return null;
}

/**
 * Builds the lookup tables. When several accounts share a normalised name, the name maps
 * to the one with the smallest domain (a stable choice) and remembers how many there were.
 */
export function buildAccountIndex(accounts: readonly AccountRecord[]): AccountIndex {
  const byDomain = new Map<string, AccountRecord>();
  for (const a of accounts) byDomain.set(a.domain, a);
  const byName = new Map<string, { account: AccountRecord; count: number }>();
  for (const a of byDomain.values()) {
    const key = a.normalizedName ?? normalizeCompanyName(a.name);
    if (!key) continue;
    const seen = byName.get(key);
    if (!seen) byName.set(key, { account: a, count: 1 });
    else
      byName.set(key, { account: a.domain < seen.account.domain ? a : seen.account, count: seen.count + 1 });
  }
  return { byDomain, byName };
}

const str = (v: FactValue | undefined) => (typeof v === "string" ? v : undefined);

function found(
  index: AccountIndex,
  a: AccountRecord,
  confidence: MatchConfidence,
  reason: string,
  candidates?: number,
): AccountMatch {
  const owner = ownerOf(index, a);
  const ownerText = owner
    ? owner.inheritedFrom
      ? `; owner ${owner.repId} inherited from parent ${owner.inheritedFrom}`
      : `; owner ${owner.repId}`
    : "; no owner";
  return {
    confidence,
    account: { domain: a.domain, name: a.name, parentDomain: a.parentDomain },
    owner,
    ...(candidates === undefined ? {} : { candidates }),
    reason: reason + ownerText,
  };
}

/** The account whose domain is the email host or one of its parents, up to the registrable domain. */
function matchDomain(index: AccountIndex, facts: LeadFacts): AccountMatch | null {
  const host = str(facts.email_host);
  const domain = str(facts.email_domain);
  if (!host || !domain || !host.endsWith(domain)) return null;
  for (let h = host; ; h = h.slice(h.indexOf(".") + 1)) {
    const a = index.byDomain.get(h);
    if (a) {
      return h === host
        ? found(index, a, "exact_domain", `Email domain ${host} is account ${a.domain}`)
        : found(index, a, "subdomain", `Email domain ${host} is a subdomain of account ${a.domain}`);
    }
    if (h === domain || !h.includes(".")) return null;
  }
}

/**
 * Finds the lead's account: by email domain (exact, then parent domains up to the registrable
 * one), then by normalised company name. Free-mail addresses never match by domain, since
 * gmail.com says nothing about the employer. Pure; O(labels of the host).
 */
export function matchAccount(index: AccountIndex, facts: LeadFacts): AccountMatch {
  const free = facts.is_free_email === true;
  const byDomain = free ? null : matchDomain(index, facts);
  if (byDomain) return byDomain;
  const company = str(facts.company);
  const key = company ? normalizeCompanyName(company) : "";
  const named = key ? index.byName.get(key) : undefined;
  if (named) {
    const more =
      named.count > 1 ? ` (${named.count} accounts share this name; chose ${named.account.domain})` : "";
    return found(
      index,
      named.account,
      "company_name",
      `Company "${company}" matches account ${named.account.name}${more}`,
      named.count,
    );
  }
  const why = free
    ? "Free-mail address, and no account has this company name"
    : "No account has this email domain or company name";
  return { confidence: "none", account: null, owner: null, reason: why };
}

/** The `account.*` facts rules can test. */
export function accountFacts(match: AccountMatch): Record<string, FactValue> {
  const facts: Record<string, FactValue> = {
    "account.matched": match.account !== null,
    "account.confidence": match.confidence,
  };
  if (match.account) {
    facts["account.domain"] = match.account.domain;
    facts["account.name"] = match.account.name;
    if (match.account.parentDomain) facts["account.parent"] = match.account.parentDomain;
  }
  if (match.owner) facts["account.owner"] = match.owner.repId;
  return facts;
}
