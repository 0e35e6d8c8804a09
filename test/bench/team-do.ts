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
 * Each run is made three times, interleaved: `slice` sends the team's whole config slice on every
 * call (what `assign` takes); `ref` sends only the config version and checksum (a
 * `TeamConfigRef`), the slice going once when the object does not have it (intake's path);
 * `predictive` is `ref` for the same team in predictive mode, each lead carrying its model keys
 * (segment and feature keys, which the driver works out from seven routing facts, as intake does).
 * Before a run is timed, every object is given `PREP` earlier leads (untimed); a predictive
 * object also gets their outcomes, so each timed decision is the model's (fitted over all its
 * features, Thompson draw, band, evidence writes), not the weighted fallback below
 * `minObservations`. `predictive / ref` is one decision with the model against today's
 * weighted decision, in one run.
 *
 * Beside the rates it prints the CPU time workerd spent per assignment (user + system, read from
 * /proc for the workerd processes this bench started; Linux only). On a shared machine the wall
 * clock also counts the time other processes held the cores, so the CPU ratio is the steadier
 * of the two; both are medians over the runs.
 *
 * The driver shares workerd with the objects, so its own per-lead work (building each call's
 * input, and a predictive lead's model keys, which intake works out on other machines in
 * production) is done in an untimed call before each timed run: the figures are the objects'.
 *
 * `BENCH_PIN=1` pins workerd to CPU 1 and this process to CPU 0 (Linux, `taskset`), for steadier
 * medians. `BENCH_PERF=<mode>` records the last timed run of that mode with Linux `perf` and
 * prints its CPU per assignment by kind of work: SQLite, RPC serialisation, JavaScript, garbage
 * collection (perf-categories.ts).
 *
 * `BENCH_BASELINE=<git ref>` adds the team object as it was at that commit, as a second class in
 * the same workerd (`refBaseline`, `predictiveBaseline`), interleaved with today's: a before and
 * after in one run, under the same load. Its predictive leads carry what that object reads
 * (routing facts before the caller worked out the model keys, the keys after).
 * `predictive / refBaseline` is then a decision with today's model against that commit's weighted
 * decision (with 3817c1d, the object when issue 23 was filed).
 *
 * Miniflare keeps DO SQLite files in a temporary directory under $TMPDIR, and every request's
 * commit is synced there, so on a VM disk the fsync latency, not the object, sets the pace.
 * `TMPDIR=/dev/shm` measures the object itself (what an SSD-backed host approaches).
 */
import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { teamSchema } from "../../worker/core/config-doc";
import { categorise, startPerf, stopPerf } from "./perf-categories";
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
const predictiveTeam = teamSchema.parse({
  ...team,
  distribution: {
    mode: "predictive",
    requireWorkingHours: true,
    fairnessBand: 0.1,
    predictive: { segments: [{ fact: "region" }, { fact: "tier" }] },
  },
});
const slice = (t: typeof team) => ({
  team: t,
  reps,
  orgTimezone: "Europe/Berlin",
  configVersion: 1,
  checksum: "bench-v1",
});
const baselineRef = process.env.BENCH_BASELINE;
const MODES = [
  "slice",
  "ref",
  "predictive",
  ...(baselineRef ? (["refBaseline", "predictiveBaseline"] as const) : []),
] as const;
type Mode = (typeof MODES)[number];
const CONFIGS: Record<Mode, ReturnType<typeof slice>> = {
  slice: slice(team),
  ref: slice(team),
  predictive: slice(predictiveTeam),
  refBaseline: slice(team),
  predictiveBaseline: slice(predictiveTeam),
};
/** The baseline commit's worker/ in a temporary tree beside this checkout's node_modules. */
function baselineTree(ref: string): { dir: string; readsKeys: boolean } {
  const dir = mkdtempSync(path.join(tmpdir(), "baton-baseline-"));
  execSync(`git archive ${JSON.stringify(ref)} worker | tar -x -C ${JSON.stringify(dir)}`, { cwd: root });
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  const rpc = readFileSync(path.join(dir, "worker/team/team-rpc.ts"), "utf8");
  return { dir, readsKeys: rpc.includes("lead?: LeadKeys") };
}
const baseline = baselineRef ? baselineTree(baselineRef) : null;
// Leads each object gets (and, if predictive, outcomes for) before its run is timed.
const PREP = 2000;
const MIGRATIONS = path.join(root, "migrations");
// A predictive team rebuilds its model from D1's outcomes when it has none: an empty D1 with
// the real schema, so that rebuild succeeds once per object as in production.
const schema = readdirSync(MIGRATIONS)
  .filter((f) => f.endsWith(".sql"))
  .toSorted()
  .flatMap((f) => readFileSync(path.join(MIGRATIONS, f), "utf8").split("--> statement-breakpoint"))
  .map((sql) => sql.trim())
  .filter(Boolean);

// The driver runs inside workerd next to the object, so the figure measures the object, not
// the Node ↔ workerd bridge: it pushes N assignments through one object, `concurrency` in
// flight. It is plain JS so this Node-typed file needs no Workers types.
const DRIVER = `
export { TeamDurableObject } from "./worker/team/team-durable-object";
import { leadKeys } from "./worker/team/team-rpc";
${baseline ? `export { TeamDurableObject as TeamBaseline } from ${JSON.stringify(path.join(baseline.dir, "worker/team/team-durable-object"))};` : ""}
const BASELINE_READS_KEYS = ${baseline?.readsKeys ?? true};
const REGIONS = ["NA", "EMEA", "APAC", "LATAM"];
const INDUSTRIES = ["saas", "fintech", "health", "retail", "manufacturing", "media"];
const SOURCES = ["webinar", "paid", "organic", "partner"];
// Seven facts, five of them descriptive: the model fits a term per rep for each.
const factsOf = (i) => ({
  region: REGIONS[i % 4], country: ["US", "DE", "IN", "BR"][i % 4], tier: "ABC"[i % 3],
  "fields.industry": INDUSTRIES[(i * 7) % 6], source: SOURCES[(i * 5) % 4],
  freeEmail: i % 9 === 0, score: i % 100,
});
const PREPARED = new Map();
export default {
  async fetch(request, env) {
    const body = await request.json();
    if (body.migrate) {
      await env.DB.batch(body.migrate.map((sql) => env.DB.prepare(sql)));
      return Response.json({ ok: true });
    }
    const { team, n, from, outcomes, concurrency, teamConfig, now } = body;
    const old = body.mode.endsWith("Baseline");
    const mode = old ? body.mode.slice(0, -"Baseline".length) : body.mode;
    const stub = (old ? env.TEAM_BASELINE : env.TEAM).getByName(team);
    const ref = { configVersion: teamConfig.configVersion, checksum: teamConfig.checksum };
    const inputOf = (i) => {
      const input = { leadId: team + "-" + i, emailNormalized: "v" + i + "@example.com", now: now + i };
      // As intake does: the lead's model keys, worked out from its facts before the call.
      if (mode === "predictive" && (!old || BASELINE_READS_KEYS)) input.lead = leadKeys(teamConfig.team, factsOf(i));
      else if (mode === "predictive") input.facts = factsOf(i);
      return input;
    };
    // The caller's share (intake's, on other machines in production) is done before the timer.
    if (body.prepare) {
      PREPARED.set(team, Array.from({ length: n }, (_, k) => inputOf(from + k)));
      return Response.json({ ok: true });
    }
    const prepared = PREPARED.get(team);
    PREPARED.delete(team);
    let next = from;
    let assigned = 0;
    let stale = 0;
    let modeled = 0;
    const lane = async () => {
      while (next < from + n) {
        const i = next++;
        const input = prepared?.[i - from] ?? inputOf(i);
        let r = mode !== "slice" ? await stub.assign({ ...input, teamConfig: ref }) : null;
        if (r && !r.ok && r.reason === "stale_config") stale++;
        if (!r || (!r.ok && r.reason === "stale_config")) r = await stub.assign({ ...input, teamConfig });
        if (r.ok) assigned++;
        if (r.ok && r.predictive && r.predictive.applied) modeled++;
        // About 6% convert and 40% are lost, reported a week later.
        const kind = i % 17 === 0 ? "won" : i % 5 < 2 ? "lost" : null;
        if (outcomes && kind) await stub.recordOutcome({ leadId: input.leadId, kind, now: now + 7 * 86400000 });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return Response.json({ assigned, stale, modeled });
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
    durableObjects: {
      TEAM: { className: "TeamDurableObject", useSQLite: true },
      ...(baseline ? { TEAM_BASELINE: { className: "TeamBaseline", useSQLite: true } } : {}),
    },
    d1Databases: { DB: "bench-db" },
  }),
);
/** The /proc stat fields after "pid (comm) " of this process's children, the workerd processes. */
function workerdStats(): { pid: string; fields: string[] }[] {
  const stats = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // state, ppid, … utime and stime are fields 14 and 15 of the line.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === process.pid) stats.push({ pid, fields });
  }
  return stats;
}

/** CPU ms (user + system) of the workerd processes; null off Linux. */
function workerdCpuMs(): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  // USER_HZ is 100 on every Linux this runs on.
  return workerdStats().reduce((ms, s) => ms + (Number(s.fields[11]) + Number(s.fields[12])) * 10, 0);
}

/**
 * The write system calls of the workerd processes (Linux, /proc/<pid>/io), null elsewhere: about
 * two per page frame SQLite appends to its write-ahead log, so they show how many pages each
 * commit writes and how often the object commits.
 */
function workerdWrites(): number | null {
  if (!existsSync("/proc/self/io")) return null;
  return workerdStats().reduce((n, { pid }) => {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    return n + Number(/syscw: (\d+)/.exec(io)?.[1] ?? 0);
  }, 0);
}

/**
 * BENCH_PIN=1 (Linux with taskset, two cores or more): every thread of workerd on CPU 1 and
 * this process on CPU 0, so the objects' core is theirs alone and the driver's Node side and
 * other processes do not move them around (docs/predictive.md, "Session 7", has one check of
 * what it does to the spread).
 */
function pinWorkerd(): string {
  if (process.env.BENCH_PIN !== "1") return "not pinned (BENCH_PIN=1 pins workerd to CPU 1)";
  execSync(`taskset -a -p -c 0 ${process.pid}`, { stdio: "ignore" });
  for (const { pid } of workerdStats()) execSync(`taskset -a -p -c 1 ${pid}`, { stdio: "ignore" });
  return "pinned: workerd on CPU 1, the driver's Node process on CPU 0";
}

const post = async (body: object) =>
  (await mf.dispatchFetch("http://bench/", { method: "POST", body: JSON.stringify(body) })).json();

try {
  await post({ migrate: schema });
  const pinned = pinWorkerd();
  const rates = Object.fromEntries(MODES.map((m) => [m, [] as number[]])) as Record<Mode, number[]>;
  // CPU µs per assignment, per run.
  const cpus = Object.fromEntries(MODES.map((m) => [m, [] as number[]])) as Record<Mode, number[]>;
  // One warm-up run (JIT, ICU zone data), then the measured ones.
  for (let run = 0; run <= runs; run++) {
    for (const mode of MODES) {
      const common = { team: `bench-${mode}-${run}`, concurrency, teamConfig: CONFIGS[mode], mode };
      const now = Date.parse("2026-03-09T15:00:00Z");
      await post({
        ...common,
        n: PREP,
        from: 0,
        outcomes: mode.startsWith("predictive"),
        now: now - 14 * 86_400_000,
      });
      await post({ ...common, n: leads, from: PREP, now, prepare: true });
      const perfFile = path.join(tmpdir(), `baton-perf-${mode}.data`);
      const recordPerf = run === runs && process.env.BENCH_PERF === mode;
      const perf = recordPerf
        ? await startPerf(
            workerdStats()
              .map((s) => s.pid)
              .join(","),
            perfFile,
          )
        : null;
      if (recordPerf && !perf) console.log("BENCH_PERF: Linux perf is not installed here; no split recorded");
      const writesBefore = workerdWrites();
      const cpuBefore = workerdCpuMs();
      const started = performance.now();
      const { assigned, stale, modeled } = (await post({ ...common, n: leads, from: PREP, now })) as {
        assigned: number;
        stale: number;
        modeled: number;
      };
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = workerdCpuMs();
      const writesAfter = workerdWrites();
      if (perf) {
        await stopPerf(perf);
        console.log(`perf, ${mode}, last run (perf's own cost included), µs of CPU per assignment:`);
        for (const [kind, us] of categorise(perfFile, leads)) console.log(`  ${kind}: ${us.toFixed(1)}`);
        rmSync(perfFile, { force: true });
      }
      const cpu = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / leads;
      if (assigned !== leads) throw new Error(`expected ${leads} assignments, got ${assigned}`);
      // Guards the comparison: every timed predictive decision must be the model's.
      if (mode.startsWith("predictive") && modeled !== leads)
        throw new Error(`model decided ${modeled} of ${leads}`);
      if (run > 0) rates[mode].push(leads / seconds);
      if (run > 0 && cpu !== null) cpus[mode].push(cpu);
      const label = run === 0 ? "warm-up" : `run ${run}`;
      const rate = Math.round(leads / seconds);
      const cpuNote = cpu === null ? "" : `, cpu ${Math.round(cpu)} µs each`;
      const writes =
        writesBefore === null || writesAfter === null ? null : (writesAfter - writesBefore) / leads;
      const writeNote = writes === null ? "" : `, ${writes.toFixed(1)} write calls each`;
      console.log(
        `${label} ${mode}: ${leads} assignments in ${seconds.toFixed(2)} s = ${rate}/s${cpuNote}${writeNote} (stale: ${stale})`,
      );
    }
  }
  const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`storage: ${process.env.TMPDIR ?? "/tmp"}; ${pinned}`);
  for (const mode of MODES) {
    console.log(
      `median ${mode}: ${Math.round(median(rates[mode]))} assignments/s (${runs} runs, concurrency ${concurrency})`,
    );
  }
  if (cpus.ref.length) {
    for (const mode of MODES)
      console.log(`median cpu ${mode}: ${Math.round(median(cpus[mode]))} µs/assignment`);
    // Per assignment, so ≤ 1 means predictive costs no more CPU than weighted.
    console.log(`cpu predictive / ref: ${(median(cpus.predictive) / median(cpus.ref)).toFixed(3)}`);
    if (baseline) {
      const ratio = (a: Mode, b: Mode) => (median(cpus[a]) / median(cpus[b])).toFixed(3);
      console.log(`cpu predictiveBaseline / refBaseline: ${ratio("predictiveBaseline", "refBaseline")}`);
      console.log(`cpu predictive / predictiveBaseline: ${ratio("predictive", "predictiveBaseline")}`);
      console.log(`cpu predictive / refBaseline: ${ratio("predictive", "refBaseline")}`);
    }
  }
  console.log(`ref / slice: ${(median(rates.ref) / median(rates.slice)).toFixed(3)}`);
  console.log(`predictive / ref: ${(median(rates.predictive) / median(rates.ref)).toFixed(3)}`);
  if (baseline) {
    const ratio = (a: Mode, b: Mode) => (median(rates[a]) / median(rates[b])).toFixed(3);
    console.log(
      `baseline ${baselineRef}: predictiveBaseline / refBaseline: ${ratio("predictiveBaseline", "refBaseline")}`,
    );
    console.log(`refBaseline / ref: ${ratio("refBaseline", "ref")}`);
    // A decision with today's model against the weighted decision of the object at that commit.
    console.log(`predictive / refBaseline: ${ratio("predictive", "refBaseline")}`);
  }
} finally {
  await mf.dispose();
  if (baseline) rmSync(baseline.dir, { recursive: true, force: true });
}
