/**
 * Proves the Worker bundles (`wrangler deploy --dry-run`) and measures what a cold start pays:
 * the entry module (index.js), which every isolate parses and runs at startup, against issue
 * 17's budget of ENTRY_CEILING_KIB gzip; and, reported separately against their own ceiling, the
 * lazily loaded modules (worker/lazy.ts, uploaded as separate ES modules by
 * `find_additional_modules`), which run only when first imported. Also fails when a package a
 * lazy module holds is bundled into the entry too (a static import pulled it back into every
 * cold start), or when the minified bundle comes without the source map that makes its stack
 * traces readable. Cloudflare's upload limit (3 MB free / 10 MB paid, gzip) counts everything.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Issue 17's budget for the always-loaded part (the entry module), gzip. */
const ENTRY_CEILING_KIB = 350;
/** All lazily loaded modules together, gzip: 201 KiB on 3 Dec 2026 (the lead-fact tables). */
const LAZY_CEILING_KIB = 600;

type Meta = {
  inputs?: Record<string, unknown>;
  outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
};

/** The package (or worker/<folder>) an esbuild input belongs to. */
function owner(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  const parts = (at >= 0 ? input.slice(at + 13) : input.replace(/^(\.\.\/)+/, "")).split("/");
  if (at < 0) return parts.slice(0, 2).join("/");
  const key = parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return key === "zod" && input.includes("/locales/") ? "zod (locales)" : key;
}

/** Output bytes per owner, over the outputs `pick` selects. */
function sizesByOwner(meta: Meta, pick: (output: string) => boolean = () => true): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [name, out] of Object.entries(meta.outputs)) {
    if (!pick(name)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs ?? {}))
      sizes.set(owner(input), (sizes.get(owner(input)) ?? 0) + bytesInOutput);
  }
  return sizes;
}

const largest = (sizes: Map<string, number>, top = 12) =>
  [...sizes]
    .toSorted((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `  ${(v / 1024).toFixed(0).padStart(5)} KiB  ${k}`)
    .join("\n");

/** Every .js/.mjs/.wasm file under dir, as paths relative to it. */
function modulesIn(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = path.join(prefix, name);
    if (statSync(path.join(dir, name)).isDirectory()) return modulesIn(path.join(dir, name), rel);
    return /\.(m?js|wasm)$/.test(name) ? [rel] : [];
  });
}

const outdir = mkdtempSync(path.join(tmpdir(), "baton-bundle-"));
const failures: string[] = [];
try {
  const metafile = path.join(outdir, "meta.json");
  const result = spawnSync("wrangler", ["deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile], {
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);

  let entryGz = 0;
  let lazyGz = 0;
  console.log("Modules uploaded (gzip):");
  for (const rel of modulesIn(outdir)) {
    const bytes = readFileSync(path.join(outdir, rel));
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (rel === "index.js") entryGz = gz;
    else lazyGz += gz;
    const kind = rel === "index.js" ? "entry, parsed at every cold start" : "loaded on first import()";
    console.log(
      `  ${rel}: ${(bytes.length / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip (${kind})`,
    );
  }

  const entryMeta = JSON.parse(readFileSync(metafile, "utf8")) as Meta;
  const entrySizes = sizesByOwner(entryMeta);
  console.log(`Largest inputs of the entry module (raw bytes):\n${largest(entrySizes)}`);
  // Written by scripts/build-lazy.mjs, wrangler's [build] command, which the dry run just ran.
  const lazyMeta = JSON.parse(readFileSync(".wrangler/lazy-meta.json", "utf8")) as Meta;
  const lazySizes = sizesByOwner(lazyMeta);
  console.log(`Largest inputs of the lazily loaded modules (raw bytes):\n${largest(lazySizes, 8)}`);

  // Packages only: worker/ folders are split by file, and a folder may rightly feed both.
  const inBoth = [...lazySizes.keys()].filter((k) => !k.startsWith("worker/") && entrySizes.has(k));
  if (inBoth.length)
    failures.push(
      `In a lazily loaded module and in the entry module too: ${inBoth.join(", ")}. A static import ` +
        "brings it back into every cold start: import it through worker/lazy.ts.",
    );

  // Our own modules, file by file: a copy in a lazy module is a second AppError/CalendarError
  // class (`instanceof` fails across the boundary) and a second cache. The entry lends its
  // instance instead (worker/lazy-shared.ts; build-lazy turns the import into a read of it).
  const entryFiles = new Set(Object.keys(entryMeta.inputs ?? {}));
  const copied = Object.keys(lazyMeta.inputs ?? {}).filter(
    (f) => f.startsWith("worker/") && !f.startsWith("worker/lazy/") && entryFiles.has(f),
  );
  if (copied.length)
    failures.push(
      `Copied into a lazily loaded module though the entry holds it: ${copied.join(", ")}. ` +
        "Lend the entry's instance in worker/lazy-shared.ts.",
    );

  const entryKiB = entryGz / 1024;
  const lazyKiB = lazyGz / 1024;
  console.log(
    `Entry module: ${entryKiB.toFixed(1)} KiB gzip (ceiling ${ENTRY_CEILING_KIB}); lazily loaded: ` +
      `${lazyKiB.toFixed(1)} KiB gzip (ceiling ${LAZY_CEILING_KIB}); upload ${(entryKiB + lazyKiB).toFixed(1)} KiB gzip.`,
  );
  if (entryKiB > ENTRY_CEILING_KIB)
    failures.push(
      `The entry module is ${entryKiB.toFixed(1)} KiB gzip, over the ${ENTRY_CEILING_KIB} KiB ceiling.`,
    );
  if (lazyKiB > LAZY_CEILING_KIB)
    failures.push(
      `The lazily loaded modules are ${lazyKiB.toFixed(1)} KiB gzip, over ${LAZY_CEILING_KIB} KiB.`,
    );

  // wrangler.toml minifies and uploads the source map (`upload_source_maps`), from which
  // Cloudflare rewrites stack traces to worker/*.ts lines: a bundle without it would log
  // positions in one minified line.
  const map = path.join(outdir, "index.js.map");
  const sources = statSync(map, { throwIfNoEntry: false })
    ? (JSON.parse(readFileSync(map, "utf8")) as { sources: string[] }).sources
    : [];
  if (!sources.some((s) => s.endsWith("worker/index.ts")))
    failures.push("No source map mapping the bundle back to worker/*.ts: stack traces would be unreadable.");
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
for (const f of failures) console.error(f);
if (failures.length) process.exit(1);
