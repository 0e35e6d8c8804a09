import { describe, expect, it } from "vitest";
import {
  buildAccountIndex,
  matchAccount,
  normalizeCompanyName,
  normalizeDomain,
  type AccountRecord,
} from "../../worker/core/account-match";
import type { LeadFacts } from "../../worker/core/lead-facts";
import { parseEmail } from "../../worker/core/lead-facts";

const accounts: AccountRecord[] = [
  { domain: "acme.com", name: "Acme Inc", ownerRepId: "rep-acme", parentDomain: null },
  { domain: "eu.acme.com", name: "Acme Europe", ownerRepId: "rep-eu", parentDomain: "acme.com" },
  { domain: "acme.co.uk", name: "Acme UK Ltd", ownerRepId: null, parentDomain: "acme.com" },
  { domain: "xn--bcher-kva.de", name: "Bücher GmbH", ownerRepId: "rep-b", parentDomain: null },
  { domain: "globex.com", name: "Globex S.A.", ownerRepId: null, parentDomain: null },
  { domain: "globex.fr", name: "Globex SA", ownerRepId: "rep-fr", parentDomain: null },
  { domain: "loop-a.com", name: "Loop A", ownerRepId: null, parentDomain: "loop-b.com" },
  { domain: "loop-b.com", name: "Loop B", ownerRepId: null, parentDomain: "loop-a.com" },
];
const index = buildAccountIndex(accounts);

/** Facts as normalizeLead derives them from an email and a company. */
function lead(email: string, company?: string): LeadFacts {
  const e = parseEmail(email)!;
  return {
    email_host: e.host,
    ...(e.domain ? { email_domain: e.domain } : {}),
    is_free_email: e.isFree,
    ...(company ? { company } : {}),
  };
}

describe("matchAccount", () => {
  it.each<[string, LeadFacts, string, string | null, string | null, string | null]>([
    ["the exact domain", lead("a@acme.com"), "exact_domain", "acme.com", "rep-acme", null],
    ["a mixed-case email", lead("A@ACME.COM"), "exact_domain", "acme.com", "rep-acme", null],
    ["a subdomain of an account", lead("a@mail.acme.com"), "subdomain", "acme.com", "rep-acme", null],
    [
      "the most specific account first",
      lead("a@mail.eu.acme.com"),
      "subdomain",
      "eu.acme.com",
      "rep-eu",
      null,
    ],
    [
      "a co.uk account, inheriting its parent's owner",
      lead("a@acme.co.uk"),
      "exact_domain",
      "acme.co.uk",
      "rep-acme",
      "acme.com",
    ],
    [
      "an IDN domain typed in Unicode",
      lead("a@bücher.de"),
      "exact_domain",
      "xn--bcher-kva.de",
      "rep-b",
      null,
    ],
    [
      "the company name when the domain is unknown",
      lead("a@other.io", "ACME, Inc."),
      "company_name",
      "acme.com",
      "rep-acme",
      null,
    ],
    [
      "only the company name for free mail",
      lead("a@gmail.com", "Acme Europe"),
      "company_name",
      "eu.acme.com",
      "rep-eu",
      null,
    ],
    ["a parent cycle without looping", lead("a@loop-a.com"), "exact_domain", "loop-a.com", null, null],
  ])("matches %s", (_name, facts, confidence, domain, owner, inheritedFrom) => {
    const m = matchAccount(index, facts);
    expect(m.confidence).toBe(confidence);
    expect(m.account?.domain).toBe(domain);
    expect(m.owner?.repId ?? null).toBe(owner);
    expect(m.owner?.inheritedFrom ?? null).toBe(inheritedFrom);
    expect(m.reason).toEqual(expect.any(String));
  });

  it("never matches a free-mail domain, even if it is an account", () => {
    const withGmail = buildAccountIndex([
      ...accounts,
      { domain: "gmail.com", name: "Google", ownerRepId: "x", parentDomain: null },
    ]);
    expect(matchAccount(withGmail, lead("a@gmail.com")).confidence).toBe("none");
  });

  it("does not match a registrable domain's sibling or a lookalike", () => {
    expect(matchAccount(index, lead("a@notacme.com")).confidence).toBe("none");
    expect(matchAccount(index, lead("a@acme.org")).confidence).toBe("none");
  });

  it("picks the smallest domain among accounts sharing a name and says how many", () => {
    const m = matchAccount(index, lead("a@yahoo.com", "globex"));
    expect(m).toMatchObject({ confidence: "company_name", candidates: 2, account: { domain: "globex.com" } });
  });

  it("reports none with a reason when nothing matches", () => {
    expect(matchAccount(index, lead("a@gmail.com"))).toEqual({
      confidence: "none",
      account: null,
      owner: null,
      reason: "Free-mail address, and no account has this company name",
    });
  });

  it("builds an index of 100k accounts and matches in constant time", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({
      domain: `company${i}.com`,
      name: `Company ${i} LLC`,
      normalizedName: `company ${i}`,
      ownerRepId: `rep-${i % 50}`,
      parentDomain: null,
    }));
    const big = buildAccountIndex(many);
    expect(big.byDomain.size).toBe(100_000);
    expect(matchAccount(big, lead("x@sales.company99999.com")).account?.domain).toBe("company99999.com");
  });
});

describe("normalizeCompanyName and normalizeDomain", () => {
  it.each([
    ["Müller & Söhne GmbH", "muller sohne"],
    ["ACME, Inc.", "acme"],
    ["Globex S.A.", "globex"],
    ["Initech S.p.A.", "initech"],
    ["  Co  ", "co"],
  ])("company %j → %j", (raw, key) => expect(normalizeCompanyName(raw)).toBe(key));

  it.each([
    ["https://www.Acme.com/about", "acme.com"],
    ["acme.co.uk.", "acme.co.uk"],
    ["Bücher.de", "xn--bcher-kva.de"],
    ["http://bücher.de/path", "xn--bcher-kva.de"],
    ["not a domain", null],
    ["bücher/evil.de", null],
  ])("domain %j → %j", (raw, host) => expect(normalizeDomain(raw)).toBe(host));
});
