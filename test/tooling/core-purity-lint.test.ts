/**
 * The purity rule holds: the project's own lint config refuses, in worker/core, each way of
 * reaching outside the pure centre (clock, randomness, ids, fetch, env, imports from outside
 * core), and passes the pure uses core really makes (Date.UTC, new Date(instant), hashing).
 * Probe files are written into worker/core, linted with `oxlint`, then removed; their names
 * are git-ignored so a killed run cannot leak one into `npm run lint` or a commit.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OXLINT = path.join(ROOT, "node_modules/.bin/oxlint");
const written: string[] = [];

type Diagnostic = { code: string; filename: string };

/** Lints one probe at `rel` (inside worker/core) and returns the rules it broke. */
function lintProbe(rel: string, source: string): string[] {
  const file = path.join(ROOT, "worker/core", rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  written.push(file);
  const run = spawnSync(OXLINT, ["--format=json", path.relative(ROOT, file)], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.map((d) => d.code);
}

afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

const probes: [string, string, string, string][] = [
  [
    "reads the clock with Date.now()",
    "routing/lint-probe-now.ts",
    "export const t = Date.now();",
    "no-restricted-properties",
  ],
  ["reads the clock with new Date()", "slots/lint-probe-date.ts", "export const t = new Date();", "no-clock"],
  ["reads the clock with Date()", "slots/lint-probe-date-call.ts", "export const t = Date();", "no-clock"],
  [
    "reads the clock with performance.now()",
    "time/lint-probe-perf.ts",
    "export const t = performance.now();",
    "no-restricted-globals",
  ],
  [
    "draws randomness with Math.random()",
    "distribution/lint-probe-random.ts",
    "export const r = Math.random();",
    "no-restricted-properties",
  ],
  [
    "makes an id with crypto.randomUUID()",
    "routing/lint-probe-uuid.ts",
    "export const id = crypto.randomUUID();",
    "no-restricted-properties",
  ],
  [
    "draws bytes with crypto.getRandomValues()",
    "webhooks/lint-probe-bytes.ts",
    "export const b = crypto.getRandomValues(new Uint8Array(4));",
    "no-restricted-properties",
  ],
  [
    "calls fetch",
    "routing/lint-probe-fetch.ts",
    'export const p = fetch("https://example.com");',
    "no-restricted-globals",
  ],
  [
    "reads env through process",
    "routing/lint-probe-env.ts",
    "export const v = process.env.X;",
    "no-restricted-globals",
  ],
  [
    "reads env through cloudflare:workers",
    "routing/lint-probe-cf.ts",
    'import { env } from "cloudflare:workers";\nexport const v = env;',
    "no-restricted-imports",
  ],
  [
    "imports the database",
    "routing/lint-probe-db.ts",
    'import { database } from "../../db/client";\nexport const d = database;',
    "no-restricted-imports",
  ],
  [
    "imports errors from outside core",
    "routing/lint-probe-errors.ts",
    'import { AppError } from "../../errors";\nexport const e = AppError;',
    "no-restricted-imports",
  ],
  [
    "imports security from outside core",
    "webhooks/lint-probe-sec.ts",
    'import { sealSecret } from "../../security/crypto";\nexport const s = sealSecret;',
    "no-restricted-imports",
  ],
  [
    "imports from outside core at core's top level",
    "lint-probe-top.ts",
    'import { AppError } from "../errors";\nexport const e = AppError;',
    "no-restricted-imports",
  ],
];

describe("the worker/core purity lint", () => {
  it.each(probes)("refuses a core file that %s", (_name, rel, source, rule) => {
    const codes = lintProbe(rel, source);
    expect(codes.some((c) => c.includes(rule))).toBe(true);
  });

  it("passes the pure uses core makes: converting instants, core imports, WebCrypto hashing", () => {
    const source = [
      'import { ID_PATTERN } from "../config-doc/primitives";',
      "export const a = Date.UTC(2026, 0, 1) + Date.parse('2026-01-01T00:00:00Z');",
      "export const b = new Date(0).toISOString();",
      "export const c = ID_PATTERN.test('x');",
      "export const d = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);",
    ].join("\n");
    expect(lintProbe("routing/lint-probe-clean.ts", source)).toEqual([]);
  });
});
