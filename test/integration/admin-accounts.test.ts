import { describe, expect, it } from "vitest";
import { admin, countRows } from "./helpers";

const csv = (rows: string[]) => ["domain,name,owner_rep_id,parent_domain", ...rows].join("\n");

async function importCsv(text: string) {
  return admin("/v1/admin/accounts/import", {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/csv" },
  });
}

describe("accounts import", () => {
  it("imports JSON rows with normalised domains and names", async () => {
    const res = await admin("/v1/admin/accounts/import", {
      method: "POST",
      body: {
        accounts: [
          { domain: "https://www.Globex.com/about", name: "Globex Corporation", ownerRepId: "ana" },
          { domain: "eu.globex.com", name: "Globex Europe GmbH", parentDomain: "globex.com" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 2, created: 2, updated: 0 });
    const page = await admin("/v1/admin/accounts?limit=500").then((r) => r.json<any>());
    const globex = page.accounts.find((a: { domain: string }) => a.domain === "globex.com");
    expect(globex).toMatchObject({ name: "Globex Corporation", normalizedName: "globex", ownerRepId: "ana" });
    const eu = page.accounts.find((a: { domain: string }) => a.domain === "eu.globex.com");
    expect(eu).toMatchObject({
      parentDomain: "globex.com",
      ownerRepId: null,
      normalizedName: "globex europe",
    });
  });

  it("imports CSV and counts a repeated import as updates, not new rows", async () => {
    const text = csv(['initech.com,"Initech, Inc.",bob,', "initrode.com,Initrode,,initech.com"]);
    expect(await importCsv(text).then((r) => r.json())).toEqual({ received: 2, created: 2, updated: 0 });
    const before = await countRows("accounts");
    expect(await importCsv(text).then((r) => r.json())).toEqual({ received: 2, created: 0, updated: 2 });
    expect(await countRows("accounts")).toBe(before);
  });

  it("rejects a file with any invalid row, listing every problem, and writes nothing", async () => {
    const before = await countRows("accounts");
    const res = await importCsv(
      csv(["good.com,Good Co,,", "not a domain,Bad,,", "good.com,Dup,,", "x.com,,,"]),
    );
    expect(res.status).toBe(422);
    const { error } = await res.json<any>();
    expect(error.details.errors).toEqual([
      expect.objectContaining({ row: 2, path: ["domain"] }),
      expect.objectContaining({
        row: 3,
        path: ["domain"],
        message: expect.stringContaining("duplicate of row 1"),
      }),
      expect.objectContaining({ row: 4, path: ["name"] }),
    ]);
    expect(await countRows("accounts")).toBe(before);
  });

  it("rejects unknown CSV columns by name", async () => {
    const res = await importCsv("domain,name,owner\nacme.com,Acme,ana");
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.details.errors[0].message).toContain("owner");
  });

  it("answers 413 past the per-request row limit and 415 for other content types", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ domain: `c${i}.example.com`, name: `C${i}` }));
    expect(
      (await admin("/v1/admin/accounts/import", { method: "POST", body: { accounts: many } })).status,
    ).toBe(413);
    const xml = await admin("/v1/admin/accounts/import", {
      method: "POST",
      body: "<accounts/>",
      headers: { "Content-Type": "application/xml" },
    });
    expect(xml.status).toBe(415);
  });
});
