/**
 * The run-time import graph of the project's own modules, and its cycles. Only imports that
 * survive compilation count: `import type` / `export type` statements are erased (and with
 * `verbatimModuleSyntax` an `import { type X }` is not: it stays as `import {} from`, so it
 * counts). Dynamic `import()` is not followed: it runs after every module has loaded, so it
 * cannot observe a half-initialised module the way a static cycle can.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Relative module specifiers a file imports or re-exports at run time. */
export function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers.filter((s) => s.startsWith("."));
}

const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Every .ts/.tsx file under `dirs` (absolute), mapped to the project files it imports. */
export function importGraph(root: string, dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    const entries = readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" });
    for (const entry of entries.filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))) {
      const file = path.join(root, dir, entry);
      const targets = runtimeImports(file, readFileSync(file, "utf8"))
        .map((s) => resolve(file, s))
        .filter((t): t is string => t !== null);
      graph.set(file, targets);
    }
  }
  return graph;
}

/**
 * The strongly connected components with more than one module (or a module importing itself),
 * by Tarjan's algorithm: each is one cycle or a knot of several. Paths relative to `root`.
 */
export function cycles(graph: Map<string, string[]>, root: string): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(path.relative(root, w));
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.toSorted());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
