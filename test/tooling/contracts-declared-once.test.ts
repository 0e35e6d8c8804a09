/**
 * Each wire shape, enum and pattern is declared once, on the server, and the browser code
 * imports it. This fails when the widget or the dashboard declares its own copy of a name a
 * contract exports (the copy would drift, as the widget's SubmissionResponse once did), or
 * when a shared pattern's literal is written out again anywhere.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as patterns from "../../worker/core/config-doc/patterns";

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string, test: (f: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter(test);
}
const source = (f: string) => /\.tsx?$/.test(f);

/** Names the contracts export: worker/<feature>/*contract.ts, outcome kinds, shared patterns. */
function contractNames(): string[] {
  const contracts = [
    ...files("worker", (f) => f.endsWith("contract.ts")),
    "worker/leads/outcomes.ts",
    "worker/core/config-doc/patterns.ts",
  ];
  const names = new Set<string>();
  for (const file of contracts) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/^export (?:const|type|interface) (\w+)/gm)) names.add(m[1]!);
  }
  return [...names];
}

describe("contracts are declared once", () => {
  it("finds the contracts it guards", () => {
    expect(contractNames()).toEqual(
      expect.arrayContaining([
        "SubmissionResponse",
        "BookingCreated",
        "PublicForm",
        "OUTCOME_KINDS",
        "ID_PATTERN",
        "LeadDetail",
        "Delivery",
        "Analytics",
        "VersionSummary",
      ]),
    );
  });

  it("the widget and the dashboard declare no copy of a contract's name", () => {
    const names = contractNames();
    const copies: string[] = [];
    for (const file of [...files("widget/src", source), ...files("dashboard/src", source)]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/^\s*(?:export\s+)?(?:const|let|type|interface|enum)\s+(\w+)/gm)) {
        if (names.includes(m[1]!)) copies.push(`${file}: ${m[1]}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it("no shared pattern is written out again outside patterns.ts", () => {
    const literals = Object.values(patterns).map((re) => re.toString());
    const copies: string[] = [];
    for (const file of [
      ...files("worker", source),
      ...files("widget/src", source),
      ...files("dashboard/src", source),
    ]) {
      if (file.endsWith("config-doc/patterns.ts")) continue;
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const literal of literals) if (text.includes(literal)) copies.push(`${file}: ${literal}`);
    }
    expect(copies).toEqual([]);
  });

  it("every API call in the widget and the dashboard is typed by a server contract", () => {
    const names = contractNames();
    const loose: string[] = [];
    let calls = 0;
    for (const file of [...files("widget/src", source), ...files("dashboard/src", source)]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      // call<T>(…) in the dashboard, request<T>/attempt<T>(…) in the widget; `T` itself is the
      // generic helper's own parameter.
      for (const m of text.matchAll(/\b(?:call|request|attempt)<([^>(]+)>\(/g)) {
        const type = m[1]!.trim();
        if (type === "T") continue;
        calls++;
        if (!names.includes(type)) loose.push(`${file}: ${m[0]}`);
      }
    }
    expect(calls).toBeGreaterThan(25);
    expect(loose).toEqual([]);
  });

  it("browser code imports server modules as types, except zod-free value modules", () => {
    const valueModules = [
      "core/config-doc/patterns",
      "leads/outcomes",
      "core/lead-facts/fact-names",
      "core/i18n/",
    ];
    const valueImports: string[] = [];
    for (const file of [...files("widget/src", source), ...files("dashboard/src", source)]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(
        /^(import|export)\s+(type\s+)?\{[^}]*\}\s+from\s+"([^"]*\/worker\/[^"]+)"/gm,
      )) {
        const [, , typeOnly, spec] = m;
        if (typeOnly || valueModules.some((v) => spec!.includes(`/worker/${v}`))) continue;
        // `import { X, type Y }` with only inline type names is type-only too.
        const names = m[0].slice(m[0].indexOf("{") + 1, m[0].indexOf("}")).split(",");
        if (names.every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
        valueImports.push(`${file}: ${spec}`);
      }
    }
    expect(valueImports).toEqual([]);
  });

  it("route files build no zod schema: every request and response shape lives in a contract", () => {
    // A route file is one that declares routes; a call on `z` (z.object(…), z.string(), …) in it
    // is a shape declared beside the handler instead of in the feature's contract. Type
    // positions (z.infer<…>, z.ZodType) declare nothing and pass.
    const routeFiles = files("worker", source).filter((f) => {
      if (f.endsWith("contract.ts")) return false;
      return /\bcreateRoute\(|new (?:OpenAPI)?Hono\b/.test(readFileSync(path.join(ROOT, f), "utf8"));
    });
    expect(routeFiles.length).toBeGreaterThan(30);
    const inline: string[] = [];
    for (const file of routeFiles) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/\bz\.[A-Za-z]+\(/g)) {
        const line = text.slice(0, m.index).split("\n").length;
        inline.push(`${file}:${line}: ${m[0]}`);
      }
    }
    expect(inline).toEqual([]);
  });
});
