import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { base, copy, nestedNots, type Doc } from "./config-fixtures";
import { invalidCasesA } from "./config-invalid-cases-a";
import { invalidCasesB } from "./config-invalid-cases-b";
import { MAX_CONDITION_DEPTH, validateConfig, type ConfigError } from "../../worker/core/config-doc";

function errorsOf(doc: unknown): ConfigError[] {
  const result = validateConfig(doc);
  if (result.ok) throw new Error("expected the document to be rejected");
  return result.errors;
}

describe("validateConfig accepts", () => {
  it("the small base document", () => {
    expect(validateConfig(base)).toMatchObject({ ok: true });
  });

  it("the demo organisation's config", () => {
    const result = validateConfig(demoConfig);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("fills defaults into the parsed config", () => {
    const result = validateConfig(base);
    if (!result.ok) throw new Error("base must be valid");
    const [sales] = result.config.teams;
    expect(sales?.members[0]).toEqual({ repId: "ana", weight: 1, priority: 0 });
    expect(sales?.distribution).toMatchObject({
      countingWindow: "week",
      dedupeWindowDays: 30,
      releaseOnCancel: true,
    });
    expect(sales?.meetingType).toMatchObject({
      durationMinutes: 30,
      horizonDays: 14,
      location: { kind: "google_meet" },
    });
    expect(sales?.sla).toMatchObject({ acceptWithinMinutes: 30, maxReassignments: 2 });
    expect(result.config.reps[2]).toMatchObject({
      active: true,
      ooo: [],
      caps: {},
      calendar: { provider: "builtin" },
    });
    expect(result.config.forms[0]?.turnstile).toEqual({ enabled: false });
  });

  it("does not mutate its input", () => {
    const doc = copy();
    const before = JSON.stringify(doc);
    validateConfig(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it.each([
    ["a $schema hint for editors", (c: Doc) => (c.$schema = "./schema/baton-config.schema.json")],
    [
      "working hours ending at 24:00",
      (c: Doc) => (c.reps[0].workingHours.mon = [{ start: "18:00", end: "24:00" }]),
    ],
    [
      "touching intervals",
      (c: Doc) =>
        (c.reps[0].workingHours.mon = [
          { start: "09:00", end: "12:00" },
          { start: "12:00", end: "17:00" },
        ]),
    ],
    ["an empty all (always matches)", (c: Doc) => (c.ruleSets[0].rules[0].when = { all: [] })],
    [
      `conditions exactly ${MAX_CONDITION_DEPTH} levels deep`,
      (c: Doc) => (c.ruleSets[0].rules[0].when = nestedNots(MAX_CONDITION_DEPTH - 1)),
    ],
    [
      "an OOO range with an offset",
      (c: Doc) => (c.reps[0].ooo = [{ start: "2026-08-03T00:00:00+02:00", end: "2026-08-04T00:00:00Z" }]),
    ],
    [
      "http origins on localhost",
      (c: Doc) =>
        (c.forms[0].allowedOrigins = ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]"]),
    ],
    ["Etc zones and UTC", (c: Doc) => ((c.reps[0].timezone = "Etc/GMT+5"), (c.org.timezone = "UTC"))],
    ["negative scoring points", (c: Doc) => (c.scoring.rules[0].points = -20)],
  ])("%s", (_name, mutate) => {
    const doc = copy();
    mutate(doc);
    const result = validateConfig(doc);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

const invalid = [...invalidCasesA, ...invalidCasesB];

describe("validateConfig rejects", () => {
  it.each(invalid)("%s", (_name, mutate, path, code, fragment) => {
    const doc = copy();
    mutate(doc);
    const errors = errorsOf(doc);
    const atPath = errors.filter((e) => JSON.stringify(e.path) === JSON.stringify(path));
    expect(atPath, `errors were: ${JSON.stringify(errors)}`).toHaveLength(1);
    expect(atPath[0]).toMatchObject({ code });
    expect(atPath[0]?.message).toContain(fragment);
  });

  it("reports every shape error in one pass", () => {
    const doc = copy();
    doc.reps[0].email = "nope";
    doc.teams[0].distribution.mode = "random";
    doc.forms[0].allowedOrigins = ["ftp://x"];
    expect(errorsOf(doc).map((e) => e.path)).toEqual([
      ["reps", 0, "email"],
      ["teams", 0, "distribution", "mode"],
      ["forms", 0, "allowedOrigins", 0],
    ]);
  });

  it("reports every cross-reference error in one pass", () => {
    const doc = copy();
    doc.teams[0].members[0].repId = "x1";
    doc.forms[0].ruleSetId = "x2";
    doc.ruleSets[0].fallback.teamId = "x3";
    expect(errorsOf(doc).map((e) => e.code)).toEqual([
      "unknown_reference",
      "unknown_reference",
      "unknown_reference",
    ]);
  });

  it.each([
    ["null", null],
    ["a string", "{}"],
    ["an array", []],
  ])("%s as the document, at the root path", (_name, input) => {
    expect(errorsOf(input)).toEqual([
      { path: [], code: "invalid_type", message: expect.stringContaining("object") },
    ]);
  });

  it("absurdly deep input without recursing into it", () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    const doc = copy();
    doc.ruleSets[0].rules[0].when = deep;
    const [error, ...rest] = errorsOf(doc);
    expect(rest).toEqual([]);
    expect(error?.code).toBe("too_deep");
    expect(error?.path.slice(0, 5)).toEqual(["ruleSets", 0, "rules", 0, "when"]);
  });

  it("a cyclic object", () => {
    const doc = copy();
    doc.reps[0].workingHours.self = doc.reps[0].workingHours;
    expect(errorsOf(doc)[0]?.code).toBe("too_deep");
  });
});

/** Every path to a value inside `value`, for targeted corruption. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(doc: any, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = doc;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  return doc;
}

function expectWellFormed(result: ReturnType<typeof validateConfig>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(Array.isArray(e.path) && e.path.every((p) => typeof p === "string" || typeof p === "number")).toBe(
      true,
    );
    expect(typeof e.code).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
  }
}

// Hundreds of whole-document parses per property: seconds, more on a loaded CI runner.
describe("validateConfig, for any input", { timeout: 20_000 }, () => {
  it("never throws on arbitrary JSON and returns ok or errors with paths", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => expectWellFormed(validateConfig(input))),
      { numRuns: 300 },
    );
  });

  it("never throws when one value of a valid document is replaced by arbitrary JSON", () => {
    const paths = pathsOf(demoConfig);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const result = validateConfig(setAt(structuredClone(demoConfig), path, value));
        expectWellFormed(result);
        // An error must point inside the document, at or around the corrupted value.
        if (!result.ok)
          for (const e of result.errors) expect(e.path.length).toBeLessThanOrEqual(path.length + 12);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when a key is deleted from a valid document", () => {
    const paths = pathsOf(demoConfig).filter((p) => p.length > 0 && typeof p.at(-1) === "string");
    fc.assert(
      fc.property(fc.constantFrom(...paths), (path) => {
        const doc: any = structuredClone(demoConfig);
        let node = doc;
        for (const key of path.slice(0, -1)) node = node[key];
        delete node[path.at(-1)!];
        expectWellFormed(validateConfig(doc));
      }),
      { numRuns: 200 },
    );
  });
});
