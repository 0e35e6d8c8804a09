/**
 * Builds the lazily loaded modules (worker/lazy.ts) with esbuild: each worker/lazy/<name>.ts
 * becomes worker/lazy/<name>.lazy.js, code shared between them a chunk-*.lazy.js they import.
 * wrangler runs this as its `[build] command` before `wrangler dev`, `deploy` and the dry run
 * of `npm run bundle:check`; `npm run build` runs it too. Files are rewritten only when their
 * content changes, so wrangler's watcher does not loop. Plain JS so that wrangler can start it
 * with `node` and no loader.
 *
 * Modules the entry lends (worker/lazy-shared.ts) are not bundled into a lazy module: an
 * import of one becomes a read of the entry's own instance, so a lazy module and the entry
 * share one AppError / CalendarError / CrmError class (`instanceof` holds across the
 * boundary), one token cache and one copy of zod and drizzle.
 */
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.join(root, "worker/lazy");
const SHARED = "worker/lazy-shared.ts";
/** The global the entry's lent modules hang from (worker/lazy-shared.ts sets it). */
const LENT = 'globalThis[Symbol.for("baton.lent-modules")]';

// As wrangler bundles the entry: its conditions and main fields, and its zod alias (wrangler.toml).
const common = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  alias: { zod: "./worker/http/zod-without-locales.js" },
  external: ["cloudflare:*", "node:*", "*.lazy.js"],
  absWorkingDir: root,
  write: false,
  metafile: true,
  logLevel: "warning",
};

/** The modules worker/lazy-shared.ts lends, resolved as esbuild resolves them, with their export names. */
async function lentModules() {
  const probe = await build({ ...common, entryPoints: [SHARED], outdir: "/tmp/baton-lent-probe" });
  const imports = probe.metafile.inputs[SHARED].imports.filter((i) => i.kind === "import-statement");
  const source = readFileSync(path.join(root, SHARED), "utf8");
  for (const i of imports)
    if (!source.includes(JSON.stringify(i.path)))
      throw new Error(`${SHARED} imports ${i.original} but lends it under another key than "${i.path}"`);
  const files = imports.map((i) => i.path);
  const names = await build({
    ...common,
    entryPoints: files,
    splitting: true,
    outdir: "/tmp/baton-lent-names",
    entryNames: "[dir]/[name]-[hash]",
  });
  const exports = new Map();
  for (const out of Object.values(names.metafile.outputs))
    if (out.entryPoint) exports.set(out.entryPoint, out.exports);
  return exports;
}

/** Resolves an import of a lent module to a stub that reads the entry's instance. */
function lend(exports) {
  return {
    name: "lent-by-the-entry",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.resolving || args.kind === "entry-point") return undefined;
        const found = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolving: true },
        });
        if (found.errors.length > 0 || found.external) return undefined;
        const rel = path.relative(root, found.path);
        return exports.has(rel) ? { path: rel, namespace: "lent" } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "lent" }, (args) => {
        const names = exports.get(args.path).filter((n) => n !== "default");
        const key = JSON.stringify(args.path);
        return {
          loader: "js",
          contents: [
            `const m = ${LENT}?.[${key}];`,
            `if (!m) throw new Error("the entry lends no " + ${key} + " (worker/lazy-shared.ts)");`,
            // Through local names: an export may be named like a reserved word (zod's `enum`).
            `const { ${names.map((n, i) => `${JSON.stringify(n)}: v${i}`).join(", ")} } = m;`,
            `export { ${names.map((n, i) => `v${i} as ${JSON.stringify(n)}`).join(", ")} };`,
            exports.get(args.path).includes("default") ? "export default m.default;" : "",
          ].join("\n"),
        };
      });
    },
  };
}

const entryPoints = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => path.join(dir, f));

const result = await build({
  ...common,
  entryPoints,
  outdir: dir,
  splitting: true,
  minify: true,
  keepNames: true,
  entryNames: "[name].lazy",
  chunkNames: "chunk-[hash].lazy",
  external: ["cloudflare:*", "node:*"],
  plugins: [lend(await lentModules())],
});

// What each lazy module holds, for `npm run bundle:check` (which fails when a package of a lazy
// module is also in the entry module, i.e. a static import pulled it back into every cold start).
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
