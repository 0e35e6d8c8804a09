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
 * Each run is made twice, interleaved: `slice` sends the team's whole config slice on every
 * call (what `assign` takes); `ref` sends only the config version and checksum (a
 * `TeamConfigRef`), the slice going once when the object does not have it (intake's path).
 *
 * Miniflare keeps DO SQLite files in a temporary directory under $TMPDIR, and every request's
 * commit is synced there, so on a VM disk the fsync latency, not the object, sets the pace.
 * `TMPDIR=/dev/shm` measures the object itself (what an SSD-backed host approaches).
 */
import path from "node:path";
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { teamSchema } from "../../worker/core/config-doc";
import { rep } from "../unit/distribution-fixtures";

const [runs = 7, leads = 5000, concurrency = 32] = process.argv.slice(2).map(Number);
const root = path.join(import.meta.dirname, "../..");
const zones = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];
const reps = Array.from({ length: 7 }, (_, i) =>
  rep(`r${i}`, { timezone: zones[i % zones.length], caps: { perDay: 100_000 } }),
);
const team = teamSchema.parse({
  id: "bench",
  name: "Bench",
  members: reps.map((r, i) => ({ repId: r.id, weight: 1 + (i % 3) })),
  distribution: { mode: "weighted", requireWorkingHours: true },
});
const teamConfig = { team, reps, orgTimezone: "Europe/Berlin", configVersion: 1, checksum: "bench-v1" };
const MODES = ["slice", "ref"] as const;

// The driver runs inside workerd next to the object, so the figure measures the object, not
// the Node ↔ workerd bridge: it pushes N assignments through one object, `concurrency` in
// flight. It is plain JS so this Node-typed file needs no Workers types.
const DRIVER = `
export { TeamDurableObject } from "./worker/team/team-durable-object";
export default {
  async fetch(request, env) {
    const { team, n, concurrency, teamConfig, now, mode } = await request.json();
    const stub = env.TEAM.getByName(team);
    const ref = { configVersion: teamConfig.configVersion, checksum: teamConfig.checksum };
    let next = 0;
    let assigned = 0;
    let stale = 0;
    const lane = async () => {
      while (next < n) {
        const i = next++;
        const input = { leadId: team + "-" + i, emailNormalized: "v" + i + "@example.com", now: now + i };
        let r = mode === "ref" ? await stub.assign({ ...input, teamConfig: ref }) : null;
        if (r && !r.ok && r.reason === "stale_config") stale++;
        if (!r || (!r.ok && r.reason === "stale_config")) r = await stub.assign({ ...input, teamConfig });
        if (r.ok) assigned++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return Response.json({ assigned, stale });
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
  const rates: Record<(typeof MODES)[number], number[]> = { slice: [], ref: [] };
  // One warm-up run (JIT, ICU zone data), then the measured ones.
  for (let run = 0; run <= runs; run++) {
    for (const mode of MODES) {
      const body = JSON.stringify({
        team: `bench-${mode}-${run}`,
        n: leads,
        concurrency,
        teamConfig,
        now: Date.parse("2026-03-09T15:00:00Z"),
        mode,
      });
      const started = performance.now();
      const res = await mf.dispatchFetch("http://bench/", { method: "POST", body });
      const { assigned, stale } = (await res.json()) as { assigned: number; stale: number };
      const seconds = (performance.now() - started) / 1000;
      if (assigned !== leads) throw new Error(`expected ${leads} assignments, got ${assigned}`);
      if (run > 0) rates[mode].push(leads / seconds);
      const label = run === 0 ? "warm-up" : `run ${run}`;
      const rate = Math.round(leads / seconds);
      console.log(
        `${label} ${mode}: ${leads} assignments in ${seconds.toFixed(2)} s = ${rate}/s (stale: ${stale})`,
      );
    }
  }
  const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`storage: ${process.env.TMPDIR ?? "/tmp"}`);
  for (const mode of MODES) {
    console.log(
      `median ${mode}: ${Math.round(median(rates[mode]))} assignments/s (${runs} runs, concurrency ${concurrency})`,
    );
  }
  console.log(`ref / slice: ${(median(rates.ref) / median(rates.slice)).toFixed(3)}`);
} finally {
  await mf.dispose();
}
