/// <reference types="vite/client" />
import { Validator, type Schema } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { configArtefacts } from "../../scripts/config-reference";
import { demoConfig } from "../../scripts/demo/config";
import { configJsonSchema, MAX_CONDITION_DEPTH } from "../../worker/core/config-doc";
import { copy, nestedNots } from "./config-fixtures";
import { invalidCasesA } from "./config-invalid-cases-a";
import { invalidCasesB } from "./config-invalid-cases-b";
import referenceMd from "../../docs/config-reference.md?raw";
import schemaJson from "../../schema/baton-config.schema.json?raw";

// Vite inlines the committed files at import time; workerd has no access to the disk.
const committed: Record<string, string> = {
  "schema/baton-config.schema.json": schemaJson,
  "docs/config-reference.md": referenceMd,
};

describe("generated config artefacts", () => {
  it.each(configArtefacts().map((a) => [a.path, a.text] as const))(
    "%s matches the zod schema",
    (path, text) => {
      // On failure: run `npm run schema:export` and commit the result; never edit these by hand.
      expect(committed[path], `${path} is stale: run \`npm run schema:export\``).toBe(text);
    },
  );
});

describe("configJsonSchema", () => {
  const schema = configJsonSchema() as {
    $schema: string;
    additionalProperties: boolean;
    required: string[];
    properties: Record<string, { default?: unknown }>;
    $defs: Record<string, unknown>;
  };

  it("targets JSON Schema draft 2020-12", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("rejects unknown top-level keys, like the zod schema", () => {
    expect(schema.additionalProperties).toBe(false);
  });

  it("describes the input: fields with defaults are optional and show their default", () => {
    expect(schema.required).not.toContain("scoring");
    expect(schema.properties.regions?.default).toEqual([]);
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "org", "reps", "teams", "forms", "ruleSets"]),
    );
  });

  it("names the recursive condition and the shared objects in $defs", () => {
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(["Condition", "Destination", "Rep", "Team", "Form", "RuleSet", "Interval"]),
    );
  });

  it("resolves every $ref to a definition", () => {
    const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(schema.$defs, ref).toHaveProperty([ref]);
  });

  it("refuses what the server refuses where a pattern can say it: non-https URLs, blank names", () => {
    const rep = schema.$defs.Rep as { properties: Record<string, { pattern?: string }> };
    const matches = (field: string, value: string) =>
      new RegExp(rep.properties[field]!.pattern!, "u").test(value);
    expect(matches("photoUrl", "javascript:alert(1)")).toBe(false);
    expect(matches("photoUrl", "http://cdn.example/a.png")).toBe(false);
    expect(matches("photoUrl", "https://cdn.example/a.png")).toBe(true);
    expect(matches("name", "   ")).toBe(false);
    expect(matches("name", " Ada ")).toBe(true);
  });
});

// What the server refuses but JSON Schema cannot say: uniqueness of a key inside objects,
// references to other parts of the document, comparisons between two values, the runtime's
// time-zone data. The template check removes well-formed placeholders and then looks for
// "{{"; a pattern that agrees with it on every string was judged not worth its risk.
const BEYOND_JSON_SCHEMA = new Set([
  "duplicate",
  "unknown_reference",
  "self_reference",
  "invalid_timezone",
  "end_before_start",
  "hours_overlap",
  "caps_inconsistent",
  "postal_range_order",
  "honeypot_clash",
  "invalid_template",
]);

describe("an editor using the exported schema", () => {
  // @cfworker/json-schema: no code generation, so it runs where production code runs.
  const validator = new Validator(configJsonSchema() as Schema, "2020-12", false);
  const accepts = (doc: unknown) => validator.validate(doc).valid;

  it("accepts the base and the demo documents, and conditions exactly at the depth bound", () => {
    expect(accepts(copy())).toBe(true);
    expect(accepts(demoConfig)).toBe(true);
    const deep = copy();
    deep.ruleSets[0].rules[0].when = nestedNots(MAX_CONDITION_DEPTH - 1);
    deep.scoring.rules[0].when = { all: [{ any: [{ not: { all: [] } }] }] };
    expect(accepts(deep)).toBe(true);
  });

  it.each([...invalidCasesA, ...invalidCasesB].filter(([, , , code]) => !BEYOND_JSON_SCHEMA.has(code)))(
    "never shows green for what the server refuses: %s",
    (_name, mutate) => {
      const doc = copy();
      mutate(doc);
      expect(accepts(doc)).toBe(false);
    },
  );

  it.each([
    ["a real sitekey", "0x4AAAAAAABkMYinukE8nzY", true],
    ["Cloudflare's always-pass test sitekey", "1x00000000000000000000AA", true],
    ["the always-pass test secret key pasted by mistake", "1x0000000000000000000000000000000AA", false],
    ["an HTML snippet", '<div data-sitekey="0x4AAA">', false],
  ])("agrees with the server on a Turnstile sitekey: %s", (_name, siteKey, valid) => {
    const doc = copy();
    doc.forms[0].turnstile = { enabled: true, siteKey };
    expect(accepts(doc)).toBe(valid);
  });
});
