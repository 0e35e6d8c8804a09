/**
 * Proves the Worker's startup does not load HubSpot code: bundles worker/index.ts with
 * esbuild's code splitting and reports which modules the entry chunk (what an isolate
 * parses and runs at startup) contains, and what the lazily loaded HubSpot module weighs
 * (worker/lazy/hubspot.lazy.js, as scripts/build-lazy.mjs last built it: run `npm run build`
 * first). `npx tsx scripts/crm-startup.ts` prints the figures; the e2e test asserts them.
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export type StartupReport = {
  entryBytes: number;
  entryGzip: number;
  hubspotInEntry: string[];
  lazyChunks: { file: string; bytes: number; gzip: number; hubspotModules: number }[];
};

const short = (k: string) => k.replace(/^.*baton-crm-startup\//, "");
const isHubSpot = (input: string) => input.startsWith("worker/crm/hubspot/");

export async function crmStartupReport(): Promise<StartupReport> {
  const result = await build({
    entryPoints: ["worker/index.ts"],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    outdir: "/tmp/baton-crm-startup",
    write: false,
    metafile: true,
    minify: true,
    // The lazily loaded modules are uploaded separately (worker/lazy.ts), as wrangler does.
    external: ["cloudflare:*", "node:*", "*.lazy.js"],
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const files = new Map(
    result.outputFiles.map((f) => [f.path.replace(/^.*\/baton-crm-startup\//, ""), f.contents]),
  );
  const entryName = Object.keys(outputs).find((k) => outputs[k]!.entryPoint === "worker/index.ts")!;
  const entry = files.get(short(entryName))!;
  // Written by scripts/build-lazy.mjs with the lazily loaded modules it built.
  const lazyMeta = JSON.parse(readFileSync(".wrangler/lazy-meta.json", "utf8")) as typeof result.metafile;
  const lazyChunks = Object.entries(lazyMeta.outputs)
    .filter(([, o]) => Object.keys(o.inputs).some(isHubSpot))
    .map(([k, o]) => {
      const bytes = readFileSync(k);
      return {
        file: k,
        bytes: bytes.length,
        gzip: gzipSync(bytes).length,
        hubspotModules: Object.keys(o.inputs).filter(isHubSpot).length,
      };
    });
  return {
    entryBytes: entry.length,
    entryGzip: gzipSync(entry).length,
    hubspotInEntry: Object.keys(outputs[entryName]!.inputs).filter(isHubSpot),
    lazyChunks,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await crmStartupReport();
  console.log(
    `entry chunk: ${(r.entryBytes / 1024).toFixed(1)} KiB (${(r.entryGzip / 1024).toFixed(1)} KiB gzip)`,
  );
  console.log(
    `HubSpot modules in the entry chunk: ${r.hubspotInEntry.length ? r.hubspotInEntry.join(", ") : "none"}`,
  );
  for (const c of r.lazyChunks)
    console.log(
      `lazy chunk ${c.file}: ${(c.bytes / 1024).toFixed(1)} KiB (${(c.gzip / 1024).toFixed(1)} KiB gzip), ${c.hubspotModules} HubSpot modules`,
    );
}
