import { describe, expect, it } from "vitest";
import { admin } from "./helpers";

// Production workerd refuses code generation from strings; the vitest pool unlocks
// `new Function` for its module runner, and test/setup/refuse-code-generation.ts locks it
// again. If that setup is lost, these fail first, instead of a dependency slipping through.
describe("the test runtime refuses what production refuses", () => {
  it("refuses new Function", () => {
    expect(() => new Function("return 1")).toThrow(/Code generation from strings disallowed/);
  });

  it("refuses Function and indirect eval", () => {
    expect(() => Function("return 1")).toThrow(/Code generation from strings disallowed/);
    // oxlint-disable-next-line no-eval -- refusing it is the point of the test
    expect(() => (0, eval)("1")).toThrow(/Code generation from strings disallowed/);
  });
});

describe("CSV bodies parse without code generation", () => {
  it("imports accounts from a spreadsheet export (BOM, CRLF, quoted comma and newline)", async () => {
    const text =
      '\uFEFFdomain,name,owner_rep_id\r\nparity-one.com,"Parity, Inc.",ana\r\nparity-two.com,"Two\nLines",\r\n';
    const res = await admin("/v1/admin/accounts/import", {
      method: "POST",
      body: text,
      headers: { "Content-Type": "text/csv" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 2, created: 2, updated: 0 });
    const page = await admin("/v1/admin/accounts?limit=500").then((r) => r.json<any>());
    expect(page.accounts).toContainEqual(
      expect.objectContaining({ domain: "parity-one.com", name: "Parity, Inc.", ownerRepId: "ana" }),
    );
  });

  it("answers 422 with the row for an unterminated quote, and imports nothing", async () => {
    const res = await admin("/v1/admin/accounts/import", {
      method: "POST",
      body: 'domain,name\nparity-three.com,"Open\n',
      headers: { "Content-Type": "text/csv" },
    });
    expect(res.status).toBe(422);
    const { error } = await res.json<any>();
    expect(error.details.errors).toEqual([expect.objectContaining({ row: 1, path: ["csv"] })]);
  });
});
