/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { configArtefacts } from "../../scripts/config-reference";
import { configJsonSchema } from "../../worker/core/config-doc";
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
