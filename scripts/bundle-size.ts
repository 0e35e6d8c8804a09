/**
 * Proves the Worker bundles (`wrangler deploy --dry-run`) and prints its raw and gzip size,
 * the figure Cloudflare's 3 MB (free) / 10 MB (paid) compressed limit is measured against.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const outdir = mkdtempSync(path.join(tmpdir(), "baton-bundle-"));
const result = spawnSync("wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
if (result.status !== 0) process.exit(result.status ?? 1);

let raw = 0;
let gz = 0;
for (const name of readdirSync(outdir)) {
  const file = path.join(outdir, name);
  if (!statSync(file).isFile() || !/\.(m?js|wasm)$/.test(name)) continue;
  const bytes = readFileSync(file);
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${name}: ${(bytes.length / 1024).toFixed(1)} KiB`);
}
console.log(`Worker bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
