/**
 * Writes the generated config artefacts from the zod schema:
 *   schema/baton-config.schema.json  (JSON Schema, draft 2020-12, for editors)
 *   docs/config-reference.md         (one table per object)
 * Run with `npm run schema:export`; test/unit/config-json-schema.test.ts fails when they are stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { configArtefacts } from "./config-reference";

const root = join(import.meta.dirname, "..");
for (const { path, text } of configArtefacts()) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
