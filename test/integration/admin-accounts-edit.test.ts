import { describe, expect, it } from "vitest";
import { countRows } from "./helpers";
import { send } from "./admin-data-fixtures";

const importRows = (query: string, accounts: unknown[]) =>
  send(`/v1/admin/accounts/import${query}`, { method: "POST", body: { accounts } });

describe("accounts import modes", () => {
  it("validates only with dryRun, writing nothing", async () => {
    const before = await countRows("accounts");
    const res = await importRows("?dryRun=true&rowOffset=100", [
      { domain: "dry.example", name: "Dry" },
      { domain: "not a domain", name: "Bad" },
      { domain: "ok.example", name: "" },
    ]);
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body).toMatchObject({ received: 3, valid: 1 });
    expect(body.invalid.map((r: { row: number }) => r.row)).toEqual([102, 103]);
    expect(body.invalid[0].errors[0]).toMatchObject({ path: ["domain"] });
    expect(await countRows("accounts")).toBe(before);
  });

  it("imports the valid rows with skipInvalid and reports the rest; the default stays all or nothing", async () => {
    const rows = [
      { domain: "skip-a.example", name: "A" },
      { domain: "", name: "Bad" },
    ];
    expect((await importRows("", rows)).status).toBe(422);
    expect(await countRows("accounts")).toBe(0);
    const res = await importRows("?skipInvalid=true", rows);
    expect(await res.json()).toEqual({
      received: 2,
      created: 1,
      updated: 0,
      valid: 1,
      invalid: [{ row: 2, errors: [expect.objectContaining({ path: ["domain"] })] }],
    });
  });

  it("upserts when the same chunk is sent twice, as a retried progress-bar upload does", async () => {
    const chunk = Array.from({ length: 30 }, (_, i) => ({ domain: `chunk${i}.example`, name: `Chunk ${i}` }));
    expect(await (await importRows("?skipInvalid=true", chunk)).json()).toMatchObject({
      created: 30,
      updated: 0,
    });
    chunk[0]!.name = "Chunk Zero";
    expect(await (await importRows("?skipInvalid=true", chunk)).json()).toMatchObject({
      created: 0,
      updated: 30,
    });
    const found = await (await send("/v1/admin/accounts?q=chunk0")).json<any>();
    expect(found.accounts.map((a: { name: string }) => a.name)).toEqual(["Chunk Zero"]);
  });
});

describe("accounts search and edit", () => {
  it("finds accounts by domain or name prefix and pages with nextCursor", async () => {
    await importRows("", [
      { domain: "initech.com", name: "Initech, Inc." },
      { domain: "initrode.com", name: "Initrode" },
      { domain: "globex.com", name: "Globex" },
    ]);
    const byName = await (await send("/v1/admin/accounts?q=Initech%20Inc")).json<any>();
    expect(byName.accounts.map((a: { domain: string }) => a.domain)).toEqual(["initech.com"]);
    const page = await (await send("/v1/admin/accounts?q=init&limit=1")).json<any>();
    expect(page.accounts.map((a: { domain: string }) => a.domain)).toEqual(["initech.com"]);
    const next = await (
      await send(`/v1/admin/accounts?q=init&limit=1&cursor=${page.nextCursor}`)
    ).json<any>();
    expect(next.accounts.map((a: { domain: string }) => a.domain)).toEqual(["initrode.com"]);
  });

  it("edits name, owner and domain, moves subsidiaries along, and audits", async () => {
    await importRows("", [
      { domain: "acme.example", name: "Acme" },
      { domain: "eu.acme.example", name: "Acme EU", parentDomain: "acme.example" },
    ]);
    const res = await send("/v1/admin/accounts/acme.example", {
      method: "PATCH",
      body: { name: "Acme Corporation", domain: "acme-corp.example" },
    });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).account).toMatchObject({
      domain: "acme-corp.example",
      name: "Acme Corporation",
      normalizedName: "acme",
    });
    const eu = await (await send("/v1/admin/accounts?q=eu.acme")).json<any>();
    expect(eu.accounts[0].parentDomain).toBe("acme-corp.example");
    expect(
      (await send("/v1/admin/accounts/acme.example", { method: "PATCH", body: { name: "x" } })).status,
    ).toBe(404);
    const audit = await (await send("/v1/admin/audit?limit=100")).json<any>();
    expect(audit.entries.map((e: { action: string }) => e.action)).toContain("account.updated");
  });

  it("refuses invalid edits with 422 and a taken domain with 409", async () => {
    await importRows("", [
      { domain: "one.example", name: "One" },
      { domain: "two.example", name: "Two" },
    ]);
    const patch = (body: unknown) => send("/v1/admin/accounts/one.example", { method: "PATCH", body });
    expect((await patch({})).status).toBe(422);
    expect((await patch({ name: "" })).status).toBe(422);
    expect((await patch({ domain: "not a domain" })).status).toBe(422);
    expect((await patch({ parentDomain: "one.example" })).status).toBe(422);
    expect((await patch({ color: "red" })).status).toBe(422);
    expect((await patch({ domain: "two.example" })).status).toBe(409);
  });
});
