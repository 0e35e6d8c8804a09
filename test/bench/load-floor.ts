/**
 * The platform floor under the intake load test: what `wrangler dev` itself gives on this
 * machine, with none of Baton's work.
 *
 *   npm run bench:floor [-- connections=1,50 seconds=10 variants=plain,d1,do,d1x8]
 *
 * Starts `wrangler dev` on test/bench/floor (same wrangler, compatibility date, local D1
 * and SQLite-backed Durable Object as Baton; state under $TMPDIR like `npm run bench:load`)
 * and drives it with autocannon exactly as load-intake.ts drives Baton: POST of a
 * submission-sized JSON body, one fresh connection set per variant.
 *
 * Variants: `plain` answers 201 JSON; `d1` does one D1 insert; `d1read` one indexed D1
 * read; `do` one RPC to one Durable Object that writes a SQLite row; `<variant>x<n>` does n
 * of them in sequence (e.g. `d1x8`: the intake's count of D1 round trips), which shows the
 * cost per round trip.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, killGroup, waitForHealth } from "../e2e/server";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split("=") as [string, string]));
const CONNECTIONS = (args.connections ?? "1,50").split(",").map(Number);
const SECONDS = Number(args.seconds ?? 10);
const VARIANTS = (args.variants ?? "plain,d1,do,d1x8").split(",");
const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const CONFIG = path.join(import.meta.dirname, "floor/wrangler.toml");
// About the size of a demo-form submission in load-intake.ts.
const BODY = JSON.stringify({
  fields: {
    first_name: "Load",
    last_name: "Test 12345",
    email: "load12345@company345.example",
    company: "Company 345",
    employees: "50-199",
    country: "DE",
  },
  context: { pageUrl: "https://acme.example/demo", utm: { source: "bench" } },
});

async function startFloor(stateDir: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "-c",
      CONFIG,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      stateDir,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, []); // its output is inherited, so nothing to collect
  return { baseUrl, child };
}

async function measure(baseUrl: string, variant: string, connections: number) {
  const [op, n = "1"] = variant.split("x");
  const requestPath = `/${op}?n=${n}`;
  const headers = { "Content-Type": "application/json" };
  // Warm-up: JIT, the D1 and DO connections, the object's table.
  for (let i = 0; i < 30; i++) await fetch(baseUrl + requestPath, { method: "POST", headers, body: BODY });
  const result = await autocannon({
    url: baseUrl + requestPath,
    method: "POST",
    headers,
    body: BODY,
    connections,
    duration: SECONDS,
  });
  return {
    variant,
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    perSecond: Math.round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const stateDir = mkdtempSync(path.join(tmpdir(), "baton-floor-"));
const { baseUrl, child } = await startFloor(stateDir);
try {
  const rows = [];
  for (const connections of CONNECTIONS) {
    for (const variant of VARIANTS) {
      const row = await measure(baseUrl, variant, connections);
      rows.push(row);
      console.log(
        `${variant.padEnd(8)} ${String(connections).padStart(3)} conn: p50 ${row.p50} ms · p99 ${row.p99} ms · ${row.perSecond}/s · non-2xx ${row.non2xx} · errors ${row.errors}`,
      );
    }
  }
  console.log(`storage: ${tmpdir()}`);
  console.log(JSON.stringify(rows));
} finally {
  await killGroup(child);
  rmSync(stateDir, { recursive: true, force: true });
}
