/**
 * Where a Worker's startup CPU goes, by source module: reads the profile `wrangler check
 * startup` writes and the bundle it profiled (unminified esbuild output, one `// path`
 * comment per module), and prints the sampled milliseconds per module prefix.
 *
 *   npx wrangler deploy --dry-run --outdir /tmp/b && npx wrangler check startup --outfile /tmp/b/p.cpuprofile
 *   npx tsx scripts/startup-by-module.ts /tmp/b/p.cpuprofile /tmp/b/index.js worker/calendars/microsoft/ worker/calendars/google/
 */
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [profilePath, bundlePath, ...prefixes] = process.argv.slice(2);
if (!profilePath || !bundlePath)
  throw new Error("usage: startup-by-module <cpuprofile> <bundle.js> [prefix...]");
const profile = JSON.parse(readFileSync(profilePath, "utf8")) as Profile;
const starts: { line: number; path: string }[] = [];
readFileSync(bundlePath, "utf8")
  .split("\n")
  .forEach((text, line) => {
    const m = /^\/\/ (\S+\.(?:ts|js|mjs|json))$/.exec(text);
    if (m) starts.push({ line, path: m[1]! });
  });

/** The module whose code holds a 0-based bundle line (the last `// path` at or above it). */
function moduleAt(line: number): string {
  let lo = 0;
  let hi = starts.length - 1;
  let found = "(prelude)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]!.line <= line) [found, lo] = [starts[mid]!.path, mid + 1];
    else hi = mid - 1;
  }
  return found;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const ms = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url.endsWith(".js") ? moduleAt(frame.lineNumber) : "(runtime, idle, gc)";
  const delta = (profile.timeDeltas[i] ?? 0) / 1000;
  ms.set(where, (ms.get(where) ?? 0) + delta);
  total += delta;
});
console.log(`sampled ${total.toFixed(1)} ms in ${profile.samples.length} samples`);
for (const prefix of prefixes) {
  const hits = [...ms].filter(([path]) => path.startsWith(prefix));
  const sum = hits.reduce((s, [, v]) => s + v, 0);
  console.log(`${prefix}: ${sum.toFixed(1)} ms${hits.length ? ` (${hits.map(([p]) => p).join(", ")})` : ""}`);
}
