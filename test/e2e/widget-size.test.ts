/**
 * The size budget of the embed: a marketer's page pays for widget.js on every visit, so the
 * built file (Preact included) must stay within 15 KB gzipped. `npm test` builds first
 * (pretest), so this measures what would ship. docs/front-ends.md has the figures and what
 * brought the localised widget back under it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { CATALOGUES, enWidget, type WidgetKey } from "../../worker/core/i18n";

const BUDGET_BYTES = 15 * 1024;
const WIDGET = path.resolve(import.meta.dirname, "../../dist/public/widget.js");

test("widget.js is at most 15 KB gzipped, Preact included", () => {
  const built = readFileSync(WIDGET);
  const gzipped = gzipSync(built, { level: 9 }).length;
  // The figure goes into the failure message, so a red run says by how much.
  expect(gzipped, `widget.js is ${gzipped} bytes gzipped`).toBeLessThanOrEqual(BUDGET_BYTES);
  // A broken build (an empty or stub file) must not pass as "small": both modes are in it.
  expect(built.includes("hsFormCallback") && built.includes("aria-modal")).toBe(true);
});

test("widget.js carries English only: the other languages' widget texts arrive with the form", () => {
  const built = readFileSync(WIDGET, "utf8");
  const keys = Object.keys(enWidget) as WidgetKey[];
  // The matcher finds what is bundled: every English text is there, as written.
  expect(keys.filter((k) => !built.includes(enWidget[k]))).toEqual([]);
  const bundled = Object.entries(CATALOGUES)
    .filter(([lang]) => lang !== "en")
    .flatMap(([lang, messages]) =>
      keys
        .filter((k) => messages[k] !== enWidget[k] && messages[k].length >= 8 && built.includes(messages[k]))
        .map((k) => `${lang}.${k}`),
    );
  expect(bundled).toEqual([]);
});
