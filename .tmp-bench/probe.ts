/**
 * Sustained assignments per second through one team Durable Object on local workerd.
 *
 *   npm exec -- tsx test/bench/team-do.ts [runs=7] [leadsPerRun=5000] [concurrency=32]
 *
 * Bundles .tmp-bench/probe-driver.ts (the real TeamDurableObject plus a driver), starts it
 * in Miniflare with SQLite-backed DO storage, and times each run from Node. Each run uses a
 * fresh team object with 7 weighted reps across four zones, caps, working hours and dedupe,
 * so every assignment does the full work: idempotency lookup, email lookup, chooser, writes.
 */
import path from "node:path";
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { repSchema, teamSchema } from "../worker/core/config";

const [runs = 7, leads = 5000, concurrency = 32] = process.argv.slice(2).map(Number);
const root = path.join(import.meta.dirname, "..");
const allDay = [{ start: "00:00", end: "24:00" }];
const zones = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];
const reps = Array.from({ length: 7 }, (_, i) =>
  repSchema.parse({
    id: `r${i}`,
    name: `Rep ${i}`,
    email: `r${i}@example.com`,
    timezone: zones[i % zones.length],
    workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    caps: { perDay: 100_000 },
  }),
);
const team = teamSchema.parse({
  id: "bench",
  name: "Bench",
  members: reps.map((r, i) => ({ repId: r.id, weight: 1 + (i % 3) })),
  distribution: { mode: "weighted", requireWorkingHours: true },
});
const teamConfig = { team, reps, orgTimezone: "Europe/Berlin", configVersion: 1 };

const bundle = await build({
  entryPoints: [path.join(root, ".tmp-bench/probe-driver.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["cloudflare:*"],
  write: false,
});
// Miniflare 5 takes a new options shape; the v4 shape converts and is far shorter.
const mf = new Miniflare(
  convertV4MiniflareOptions({
    modules: [{ type: "ESModule", path: "driver.js", contents: bundle.outputFiles[0]!.text }],
    compatibilityDate: "2026-11-01",
    compatibilityFlags: ["nodejs_compat"],
    durableObjects: { TEAM: { className: "TeamDurableObject", useSQLite: true } },
  }),
);

try {
  const rates: number[] = [];
  // One warm-up run (JIT, ICU zone data), then the measured ones.
  for (let run = 0; run <= runs; run++) {
    const body = JSON.stringify({ op: process.env.OP, team: `bench-${run}`, n: leads, concurrency, teamConfig, now: Date.parse("2026-03-09T15:00:00Z") });
    const started = performance.now();
    const res = await mf.dispatchFetch("http://bench/", { method: "POST", body });
    const { assigned } = (await res.json()) as { assigned: number };
    const seconds = (performance.now() - started) / 1000;
    if (assigned !== leads) throw new Error(`expected ${leads} assignments, got ${assigned}`);
    if (run > 0) rates.push(leads / seconds);
    console.log(`${run === 0 ? "warm-up" : `run ${run}`}: ${leads} assignments in ${seconds.toFixed(2)} s = ${Math.round(leads / seconds)}/s`);
  }
  rates.sort((a, b) => a - b);
  console.log(`median: ${Math.round(rates[Math.floor(rates.length / 2)]!)} assignments/s (${runs} runs, concurrency ${concurrency})`);
} finally {
  await mf.dispose();
}
