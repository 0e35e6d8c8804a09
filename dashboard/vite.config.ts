/**
 * Builds the admin dashboard into `dist/public/admin/`, a normal Vite page with hashed
 * assets served under `/admin/`. Runs after the widget's build, which empties `dist/public/`
 * (see `npm run build`).
 */
import { preact } from "@preact/preset-vite";
import { defineConfig } from "vite";

// Plain URL arithmetic keeps Node's types out of the DOM-only dashboard tsconfig.
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: "/admin/",
  publicDir: false,
  plugins: [preact()],
  build: {
    target: "es2020",
    reportCompressedSize: true,
    outDir: `${here}../dist/public/admin`,
    emptyOutDir: true,
    assetsDir: "assets",
    // The rep workspace is its own entry point (rep.html), sharing styles and the contracts.
    rolldownOptions: { input: { admin: `${here}index.html`, rep: `${here}rep.html` } },
  },
});
