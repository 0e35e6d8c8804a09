import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  guessColumns,
  chunkProblems,
  chunks,
  crossChunkDuplicates,
  guessMapping,
  mappingProblems,
  mergeProblems,
  parseCsv,
  sheetRow,
  toInputs,
} from "../../dashboard/src/data/csv-import";

describe("the accounts CSV import helpers", () => {
  it("recognises CRM-style headers, each column used once", () => {
    expect(guessMapping(["Website", "Account Name", "Account Owner", "Parent Domain"])).toEqual({
      domain: "Website",
      name: "Account Name",
      ownerRepId: "Account Owner",
      parentDomain: "Parent Domain",
    });
    expect(guessMapping(["domain", "name", "owner_rep_id", "parent_domain"])).toEqual({
      domain: "domain",
      name: "name",
      ownerRepId: "owner_rep_id",
      parentDomain: "parent_domain",
    });
    // "Company" is a name; nothing here is an owner.
    expect(guessMapping(["Company", "URL", "Notes"])).toEqual({
      domain: "URL",
      name: "Company",
      ownerRepId: "",
      parentDomain: "",
    });
  });

  it("blocks a mapping without the required fields or with a column chosen twice", () => {
    expect(mappingProblems({ domain: "", name: "Name", ownerRepId: "", parentDomain: "" })).toEqual([
      "Choose the column that holds “Domain”.",
    ]);
    expect(mappingProblems({ domain: "A", name: "B", ownerRepId: "A", parentDomain: "" })[0]).toContain(
      "two fields",
    );
    expect(mappingProblems({ domain: "A", name: "B", ownerRepId: "", parentDomain: "" })).toEqual([]);
  });

  it("parses quoted cells and a byte-order mark, and turns blank optional cells into null", async () => {
    const file = await parseCsv(
      '\uFEFFWebsite,Name,Owner\nacme.example,"Acme, Inc.",\n globex.example ,Globex,rachel-kim\n',
    );
    expect(file.columns).toEqual(["Website", "Name", "Owner"]);
    expect(toInputs(file.rows, guessMapping(file.columns))).toEqual([
      { domain: "acme.example", name: "Acme, Inc.", ownerRepId: null, parentDomain: null },
      { domain: "globex.example", name: "Globex", ownerRepId: "rachel-kim", parentDomain: null },
    ]);
  });

  it("splits rows into chunks that cover every row once, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 300 }),
        fc.integer({ min: 1, max: 120 }),
        (items, size) => {
          const parts = chunks(items, size);
          expect(parts.flatMap((c) => c.items)).toEqual(items);
          for (const c of parts) {
            expect(c.items.length).toBeLessThanOrEqual(size);
            expect(items.slice(c.start, c.start + c.items.length)).toEqual(c.items);
          }
        },
      ),
    );
  });

  it("numbers server problems of a chunk as rows of the whole file", () => {
    const [, second] = chunks(["a", "b", "c", "d", "e"], 3);
    const problems = chunkProblems(second!, [
      {
        row: 2,
        errors: [
          { path: ["domain"], message: "not a domain: x" },
          { path: [], message: "bad" },
        ],
      },
    ]);
    expect(problems).toEqual([{ index: 4, messages: ["domain: not a domain: x", "bad"] }]);
    expect(sheetRow(4)).toBe(6);
  });

  it("flags the later of two rows with the same domain, however it is spelled", () => {
    const row = (domain: string) => ({ domain, name: "n" });
    expect(
      crossChunkDuplicates([
        row("acme.example"),
        row("b.example"),
        row("https://WWW.Acme.example/x"),
        row(""),
      ]),
    ).toEqual([{ index: 2, messages: ["domain: same domain as row 2"] }]);
  });

  it("merges problem lists into one entry per row, in file order, without repeating a message", () => {
    expect(
      mergeProblems(
        [{ index: 5, messages: ["a"] }],
        [
          { index: 1, messages: ["b"] },
          { index: 5, messages: ["a", "c"] },
        ],
      ),
    ).toEqual([
      { index: 1, messages: ["b"] },
      { index: 5, messages: ["a", "c"] },
    ]);
  });
});

describe("guessColumns, shared by the accounts and event-list imports", () => {
  it("gives a column to one field only, the earlier field winning, and matches without case or punctuation", () => {
    const fields = [
      { field: "a", label: "A", required: true },
      { field: "b", label: "B", required: false },
    ] as const;
    const synonyms = { a: ["company"], b: ["company", "org"] };
    expect(guessColumns(fields, synonyms, ["Company", "Org."])).toEqual({ a: "Company", b: "Org." });
    expect(guessColumns(fields, synonyms, ["COMPANY"])).toEqual({ a: "COMPANY", b: "" });
  });
});
