/**
 * Builds everything the Worker serves as static assets into `dist/public/`:
 * - `widget.js`: the embed script, one self-contained IIFE (a marketer's `<script async>`
 *   tag cannot load ES module chunks);
 * - `admin/`: the dashboard, a normal Vite page with hashed assets;
 * - the demo pages (`index.html`, `attach.html` and their `demo.css`), copied verbatim from
 *   `widget/public/` so that they carry the exact tag a marketer pastes.
 *
 * Two environments because Rolldown picks one output format per build. `client` runs first
 * and empties the folder; `widget` then adds its file beside it.
 */
import { preact } from "@preact/preset-vite";
import { defineConfig } from "vite";

// Plain URL arithmetic keeps Node's types out of the DOM-only widget tsconfig.
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);
const outDir = `${here}../dist/public`;

export default defineConfig({
  root: here,
  publicDir: `${here}public`,
  plugins: [preact()],
  build: { target: "es2020", reportCompressedSize: true },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        assetsDir: "admin/assets",
        rolldownOptions: { input: { admin: `${here}admin/index.html` } },
      },
    },
    widget: {
      consumer: "client",
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        lib: {
          entry: `${here}src/embed/main.tsx`,
          name: "BatonWidget",
          formats: ["iife"],
          fileName: () => "widget.js",
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      // In order: the client build empties outDir, so the widget must come after it.
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.widget!);
    },
  },
});
