import { describe, expect, it } from "vitest";
import { demoAccounts } from "../../scripts/demo/accounts";
import { demoConfig } from "../../scripts/demo/config";

describe("demoAccounts", () => {
  const accounts = demoAccounts();

  it("is deterministic and about 200 rows", () => {
    expect(demoAccounts()).toEqual(accounts);
    expect(accounts.length).toBeGreaterThanOrEqual(180);
    expect(accounts.length).toBeLessThanOrEqual(220);
  });

  it("changes with the seed", () => {
    expect(demoAccounts(7)).not.toEqual(accounts);
  });

  it("has unique, lowercase domains", () => {
    const domains = accounts.map((a) => a.domain);
    expect(new Set(domains).size).toBe(domains.length);
    for (const d of domains) expect(d).toMatch(/^[a-z0-9-]+(\.[a-z]{2,})+$/);
  });

  it("only names active demo reps as owners", () => {
    const active = new Set(demoConfig.reps.filter((r) => r.active !== false).map((r) => r.id));
    const owners = new Set(accounts.flatMap((a) => (a.ownerRepId ? [a.ownerRepId] : [])));
    expect([...owners].filter((o) => !active.has(o))).toEqual([]);
    expect(owners.size).toBeGreaterThan(8);
  });

  it("has subsidiaries without owners whose parents exist", () => {
    const domains = new Set(accounts.map((a) => a.domain));
    const subsidiaries = accounts.filter((a) => a.parentDomain !== null);
    expect(subsidiaries.length).toBeGreaterThanOrEqual(10);
    for (const s of subsidiaries) {
      expect(s.ownerRepId).toBeNull();
      expect(domains.has(s.parentDomain!)).toBe(true);
    }
  });

  it("includes EMEA companies on .de, .fr and .co.uk", () => {
    for (const tld of [".de", ".fr", ".co.uk"]) {
      expect(accounts.filter((a) => a.domain.endsWith(tld)).length, tld).toBeGreaterThanOrEqual(10);
    }
  });
});
