import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvTable } from "../../worker/core/csv/read-table";

/** RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted and its quotes doubled. */
const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const line = (cells: string[]) => cells.map(cell).join(",");

describe("readCsvTable", () => {
  it.each([
    ["quoted commas", 'a,b\n"x, y",z\n', [{ a: "x, y", b: "z" }]],
    ["quoted newlines", 'a,b\n"line 1\nline 2",z', [{ a: "line 1\nline 2", b: "z" }]],
    ["doubled quotes", 'a\n"say ""hi"""', [{ a: 'say "hi"' }]],
    [
      "CRLF line ends",
      "a,b\r\n1,2\r\n3,4\r\n",
      [
        { a: "1", b: "2" },
        { a: "3", b: "4" },
      ],
    ],
    ["a UTF-8 byte order mark", "\uFEFFdomain\nx.com", [{ domain: "x.com" }]],
    ["short rows, read as empty cells", "a,b,c\n1\n", [{ a: "1", b: "", c: "" }]],
    ["cells past the header, dropped", "a\n1,2,3\n", [{ a: "1" }]],
    ["blank lines, skipped", "a\n\n1\n\n2\n", [{ a: "1" }, { a: "2" }]],
    ["semicolons, kept as text (no delimiter guessing)", "a;b\n1;2\n", [{ "a;b": "1;2" }]],
  ])("reads %s", (_name, text, rows) => {
    const table = readCsvTable(text);
    expect(table.rows).toEqual(rows);
    expect(table.errors).toEqual([]);
  });

  it("keeps blank header cells in place so columns line up", () => {
    expect(readCsvTable("a,,c\n1,2,3").columns).toEqual(["a", "", "c"]);
  });

  it("reports an unterminated quote with its row", () => {
    const table = readCsvTable('a,b\n1,2\n"open,3\n');
    expect(table.errors).toEqual([expect.objectContaining({ row: 2 })]);
  });

  it("reads back any table written with RFC 4180 quoting", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "é", " ", ",", '"', "\n", "\r\n", "x") });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,6}$/), { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(text, { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
        (columns, cells) => {
          // A row whose only cell is empty is a blank line, which the reader skips by design.
          const body = cells.map((r) => r.slice(0, columns.length)).filter((r) => r.join("") !== "");
          const csv = [columns, ...body].map(line).join("\r\n");
          const table = readCsvTable(csv);
          expect(table.errors).toEqual([]);
          expect(table.columns).toEqual(columns);
          expect(table.rows.map((r) => columns.map((c) => r[c]))).toEqual(body);
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });
});
