/**
 * Builds the embed into `dist/public/`: `widget.js`, one self-contained IIFE (a marketer's
 * `<script async>` tag cannot load ES module chunks), plus the demo pages (`index.html`,
 * `attach.html` and their `demo.css`), copied verbatim from `widget/public/` so that they
 * carry the exact tag a marketer pastes.
 *
 * This build empties `dist/public/`; the dashboard's build (dashboard/vite.config.ts) runs
 * after it and fills `dist/public/admin/` (see `npm run build`).
 */
import { preact } from "@preact/preset-vite";
import { defineConfig } from "vite";

// Plain URL arithmetic keeps Node's types out of the DOM-only widget tsconfig.
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root: here,
  publicDir: `${here}public`,
  plugins: [preact()],
  build: {
    target: "es2020",
    reportCompressedSize: true,
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
