/**
 * Builds the embed into `dist/public/`: `widget.js`, one self-contained IIFE (a marketer's
 * `<script async>` tag cannot load ES module chunks), plus the demo pages (`index.html`,
 * `attach.html` and their `demo.css`), copied verbatim from `widget/public/` so that they
 * carry the exact tag a marketer pastes.
 *
 * This build empties `dist/public/`; the dashboard's build (dashboard/vite.config.ts) runs
 * after it and fills `dist/public/admin/` (see `npm run build`).
 */
import { defineConfig } from "vite";

// Plain URL arithmetic keeps Node's types out of the DOM-only widget tsconfig.
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root: here,
  publicDir: `${here}public`,
  // Classic JSX through Preact's h(), imported in each .tsx file: about 90 bytes gzipped less
  // than the automatic runtime, whose jsx() comes on top of h(). No Preact plugin is needed:
  // this config only builds (no dev server, so no hot reload or devtools).
  oxc: { jsx: { runtime: "classic", pragma: "h", pragmaFrag: "Fragment" } },
  build: {
    target: "es2020",
    reportCompressedSize: true,
    // Terser with two passes: about 70 bytes gzipped less than the default (oxc) on widget.js,
    // measured with `npm run build` and `gzip -9`; the page pays for every byte (15 KB budget,
    // test/e2e/widget-size.test.ts). No unsafe transforms.
    minify: "terser",
    terserOptions: { ecma: 2020, compress: { passes: 2 } },
    outDir: `${here}../dist/public`,
    emptyOutDir: true,
    lib: {
      entry: `${here}src/main.tsx`,
      name: "BatonWidget",
      formats: ["iife"],
      fileName: () => "widget.js",
    },
  },
});
