/**
 * No import cycles among the project's modules. A cycle makes load order decide whether a
 * module sees its neighbour's exports or `undefined` (a class used in `extends`, a constant
 * read at load time), and it hides which module is the lower layer. Type-only imports are
 * erased and do not count (see import-cycles.ts).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, runtimeImports } from "./import-cycles";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("import cycles", () => {
  it("reads run-time imports only: type-only statements are erased, inline `type` specifiers are not", () => {
    const text = [
      'import type { A } from "./a";',
      'export type { B } from "./b";',
      'import { type C } from "./c";',
      'import { d } from "./d";',
      'export { e } from "./e";',
      'import "./f";',
      'import { z } from "zod";',
      'const g = () => import("./g");',
    ].join("\n");
    expect(runtimeImports("x.ts", text)).toEqual(["./c", "./d", "./e", "./f"]);
  });

  it("finds a cycle and names every module in it", () => {
    const graph = new Map([
      ["/r/a.ts", ["/r/b.ts"]],
      ["/r/b.ts", ["/r/c.ts"]],
      ["/r/c.ts", ["/r/a.ts", "/r/d.ts"]],
      ["/r/d.ts", []],
      ["/r/self.ts", ["/r/self.ts"]],
    ]);
    expect(cycles(graph, "/r")).toEqual([["a.ts", "b.ts", "c.ts"], ["self.ts"]]);
  });

  it.each(["worker", "dashboard/src", "widget/src"])("%s has none", (dir) => {
    const graph = importGraph(ROOT, [dir]);
    expect(graph.size).toBeGreaterThan(10);
    expect(cycles(graph, ROOT)).toEqual([]);
  });
});
