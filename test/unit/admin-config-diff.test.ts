import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { diffConfig } from "../../dashboard/src/config/diff";

const clone = <T>(v: T): T => structuredClone(v);

describe("diffConfig", () => {
  it("finds nothing between a document and its copy", () => {
    expect(diffConfig(demoConfig, clone(demoConfig))).toEqual([]);
  });

  it("names a changed leaf by the ids on its way, with before and after", () => {
    const after = clone(demoConfig);
    after.ruleSets[0]!.rules[1]!.then = { type: "team", teamId: "sdr-na" };
    const changes = diffConfig(demoConfig, after);
    expect(changes).toContainEqual({
      kind: "changed",
      path: ["ruleSets", "default", "rules", "dach-enterprise", "then", "type"],
      before: "skill",
      after: "team",
    });
    expect(changes).toContainEqual({
      kind: "removed",
      path: ["ruleSets", "default", "rules", "dach-enterprise", "then", "skills"],
      before: { languages: ["de"] },
    });
  });

  it("compares conditions by position, so one edited value reads as that value", () => {
    const after = clone(demoConfig);
    const when = after.ruleSets[0]!.rules[2]!.when as { all: { value: unknown }[] };
    when.all[1]!.value = 10;
    expect(diffConfig(demoConfig, after)).toEqual([
      {
        kind: "changed",
        path: ["ruleSets", "default", "rules", "emea-enterprise", "when", "all", "#2", "value"],
        before: 500,
        after: 10,
      },
    ]);
  });

  it("reports a moved rule as one reorder, not as every later rule changing", () => {
    const after = clone(demoConfig);
    const rules = after.ruleSets[0]!.rules;
    rules.push(rules.shift()!);
    const changes = diffConfig(demoConfig, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: "reordered",
      path: ["ruleSets", "default", "rules"],
      before: demoConfig.ruleSets[0]!.rules.map((r) => r.id),
      after: rules.map((r) => r.id),
    });
  });

  it("reports added and removed items by id, and plain lists as one before/after pair", () => {
    const after = clone(demoConfig);
    const removed = after.reps.pop()!;
    after.regions!.push({ id: "nordics", name: "Nordics", countries: ["SE", "NO"] });
    after.forms[0]!.allowedOrigins = ["https://example.com"];
    const changes = diffConfig(demoConfig, after);
    expect(changes).toContainEqual({ kind: "removed", path: ["reps", removed.id], before: removed });
    expect(changes).toContainEqual({
      kind: "added",
      path: ["regions", "nordics"],
      after: { id: "nordics", name: "Nordics", countries: ["SE", "NO"] },
    });
    expect(changes).toContainEqual({
      kind: "changed",
      path: ["forms", "demo", "allowedOrigins"],
      before: demoConfig.forms[0]!.allowedOrigins,
      after: ["https://example.com"],
    });
  });

  it("is empty exactly when the documents are equal, and never modifies its inputs", () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        const [ca, cb] = [clone(a), clone(b)];
        const changes = diffConfig(a, b);
        expect(a).toEqual(ca);
        expect(b).toEqual(cb);
        expect(changes.length === 0).toBe(JSON.stringify(a) === JSON.stringify(b) || isEqual(a, b));
        expect(diffConfig(a, clone(a))).toEqual([]);
      }),
    );
  });
});

/** Deep equality where key order does not matter (JSON documents). */
function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}
