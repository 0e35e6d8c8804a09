/**
 * Where workerd's CPU goes, by kind of work, from Linux `perf` (software clock, call graphs):
 * the team-object bench's `BENCH_PERF=<mode>` records its last timed run of that mode and
 * prints this split per assignment. The V8 profiler sees only JavaScript; most of an
 * assignment's CPU is in workerd's C++ (SQLite, RPC serialisation, allocation), which this
 * attributes. Each sample goes to the kind of the innermost frame that names one, so an
 * allocation inside the serialiser counts as serialisation.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";

const KINDS: [kind: string, frames: string[]][] = [
  ["garbage collection", ["Scavenge", "Heap::", "MarkCompact", "cppgc", "Sweeper", "ConcurrentMarking"]],
  ["SQLite (queries and commits)", ["sqlite3", "SqliteDatabase", "SqlStorage", "walWrite", "pager"]],
  ["RPC (de)serialisation", ["ValueSerializer", "ValueDeserializer", "Serializer", "Deserializer", "capnp"]],
  ["JSON", ["JsonStringif", "JsonParse"]],
  // JIT-compiled frames have no symbol ("[unknown]") without a perf map.
  ["JavaScript", ["Builtins_", "[unknown]", "Interpreter", "Runtime_", "StringTable", "IC_"]],
];

/** Hz of the software clock: one sample per 250 µs of CPU. */
const HZ = 4000;

/** Starts recording `pid` (every thread) into `file`; null when `perf` is not installed. */
export async function startPerf(pid: string, file: string): Promise<ChildProcess | null> {
  if (spawnSync("perf", ["--version"]).status !== 0) return null;
  const args = ["record", "-q", "-e", "cpu-clock", "-F", String(HZ), "-g", "-p", pid, "-o", file];
  const perf = spawn("perf", args, { stdio: "ignore" });
  // perf attaches asynchronously: give it time before the timed run starts.
  await new Promise((r) => setTimeout(r, 1500));
  return perf;
}

export async function stopPerf(perf: ChildProcess): Promise<void> {
  const exited = new Promise((r) => perf.once("exit", r));
  perf.kill("SIGINT");
  await exited;
}

/** µs of CPU per assignment by kind of work, from a recording of `assignments`. */
export function categorise(file: string, assignments: number): [kind: string, us: number][] {
  const script = spawnSync("perf", ["script", "-i", file, "-F", "ip,sym"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  }).stdout;
  const counts = new Map<string, number>();
  for (const sample of script.split("\n\n")) {
    const frames = sample.split("\n").filter((l) => l.trim());
    if (!frames.length) continue;
    let kind = "other (I/O, allocator, kernel)";
    search: for (const frame of frames)
      for (const [name, keys] of KINDS)
        if (keys.some((k) => frame.includes(k))) {
          kind = name;
          break search;
        }
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const usPerSample = 1e6 / HZ;
  return [...counts]
    .map(([kind, n]): [string, number] => [kind, (n * usPerSample) / assignments])
    .toSorted((a, b) => b[1] - a[1]);
}
