/**
 * Builds the lazily loaded modules (worker/lazy.ts) with esbuild: each worker/lazy/<name>.ts
 * becomes worker/lazy/<name>.lazy.js, code shared between them a chunk-*.lazy.js they import.
 * wrangler runs this as its `[build] command` before `wrangler dev`, `deploy` and the dry run
 * of `npm run bundle:check`; `npm run build` runs it too. Files are rewritten only when their
 * content changes, so wrangler's watcher does not loop. Plain JS so that wrangler can start it
 * with `node` and no loader.
 */
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../worker/lazy");
const entryPoints = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => path.join(dir, f));

const result = await build({
  entryPoints,
  outdir: dir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // The conditions and main fields wrangler resolves packages with.
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  minify: true,
  keepNames: true,
  entryNames: "[name].lazy",
  chunkNames: "chunk-[hash].lazy",
  external: ["cloudflare:*", "node:*"],
  write: false,
  metafile: true,
  logLevel: "warning",
});

// What each lazy module holds, for `npm run bundle:check` (which fails when a package of a lazy
// module is also in the entry module, i.e. a static import pulled it back into every cold start).
const root = path.resolve(import.meta.dirname, "..");
mkdirSync(path.join(root, ".wrangler"), { recursive: true });
writeFileSync(path.join(root, ".wrangler/lazy-meta.json"), JSON.stringify(result.metafile));

const written = new Set();
for (const file of result.outputFiles) {
  written.add(file.path);
  if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
  writeFileSync(file.path, file.contents);
}
// Chunks of an earlier build that this one no longer produces would be uploaded for nothing.
for (const f of readdirSync(dir))
  if (f.endsWith(".lazy.js") && !written.has(path.join(dir, f))) unlinkSync(path.join(dir, f));
