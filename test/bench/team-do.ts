/**
 * Sustained assignments per second through one team Durable Object on local workerd.
 *
 *   npm exec -- tsx test/bench/team-do.ts [runs=7] [leadsPerRun=5000] [concurrency=32]
 *
 * Bundles the real TeamDurableObject with the small driver Worker below, starts it
 * in Miniflare with SQLite-backed DO storage, and times each run from Node. Each run uses a
 * fresh team object with 7 weighted reps across four zones, caps, working hours and dedupe,
 * so every assignment does the full work: idempotency lookup, email lookup, chooser, writes.
 *
 * Miniflare keeps DO SQLite files in a temporary directory under $TMPDIR, and every request's
 * commit is synced there, so on a VM disk the fsync latency, not the object, sets the pace.
 * `TMPDIR=/dev/shm` measures the object itself (what an SSD-backed host approaches).
 */
import path from "node:path";
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { repSchema, teamSchema } from "../../worker/core/config";

const [runs = 7, leads = 5000, concurrency = 32] = process.argv.slice(2).map(Number);
const root = path.join(import.meta.dirname, "../..");
const allDay = [{ start: "00:00", end: "24:00" }];
const zones = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];
const reps = Array.from({ length: 7 }, (_, i) =>
  repSchema.parse({
    id: `r${i}`,
    name: `Rep ${i}`,
    email: `r${i}@example.com`,
    timezone: zones[i % zones.length],
    workingHours: {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    },
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

// The driver runs inside workerd next to the object, so the figure measures the object, not
// the Node ↔ workerd bridge: it pushes N assignments through one object, `concurrency` in
// flight. It is plain JS so this Node-typed file needs no Workers types.
const DRIVER = `
export { TeamDurableObject } from "./worker/team/team-durable-object";
export default {
  async fetch(request, env) {
    const { team, n, concurrency, teamConfig, now } = await request.json();
    const stub = env.TEAM.getByName(team);
    let next = 0;
    let assigned = 0;
    const lane = async () => {
      while (next < n) {
        const i = next++;
        const r = await stub.assign({ leadId: team + "-" + i, emailNormalized: "v" + i + "@example.com", teamConfig, now: now + i });
        if (r.ok) assigned++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return Response.json({ assigned });
  },
};`;

const bundle = await build({
  stdin: { contents: DRIVER, resolveDir: root, sourcefile: "team-do-driver.js", loader: "js" },
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
    const body = JSON.stringify({
      team: `bench-${run}`,
      n: leads,
      concurrency,
      teamConfig,
      now: Date.parse("2026-03-09T15:00:00Z"),
    });
    const started = performance.now();
    const res = await mf.dispatchFetch("http://bench/", { method: "POST", body });
    const { assigned } = (await res.json()) as { assigned: number };
    const seconds = (performance.now() - started) / 1000;
    if (assigned !== leads) throw new Error(`expected ${leads} assignments, got ${assigned}`);
    if (run > 0) rates.push(leads / seconds);
    console.log(
      `${run === 0 ? "warm-up" : `run ${run}`}: ${leads} assignments in ${seconds.toFixed(2)} s = ${Math.round(leads / seconds)}/s`,
    );
  }
  rates.sort((a, b) => a - b);
  console.log(`storage: ${process.env.TMPDIR ?? "/tmp"}`);
  console.log(
    `median: ${Math.round(rates[Math.floor(rates.length / 2)]!)} assignments/s (${runs} runs, concurrency ${concurrency})`,
  );
} finally {
  await mf.dispose();
}
