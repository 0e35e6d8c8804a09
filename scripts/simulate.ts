/**
 * `npm run simulate -- --seed 42 --leads 5000 [--band 0.1] [--seeds 10]` (`--help` for usage): round robin,
 * weighted, predictive and an oracle over the same seeded synthetic world (see
 * simulate-world.ts), printed as a Markdown table. The oracle is the predictive chooser told
 * the true rates, inside the same fairness band, so the gap it shows is reachable.
 */
import { parseFlags, USAGE } from "./simulate-flags";
import { simulate, type PolicyResult } from "./simulate-world";

const flags = parseFlags(process.argv.slice(2));
if (!flags.ok) {
  if (flags.help) console.log(USAGE);
  else console.error(`simulate: ${flags.error}\n\n${USAGE}`);
  process.exit(flags.help ? 0 : 2);
}
const { seed, leads, band, seeds } = flags;
// The pre-issue-23 segment model, for comparison: SIMULATE_MODEL=segments npm run simulate.
const model = process.env.SIMULATE_MODEL === "segments" ? ("segments" as const) : ("features" as const);

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const pct2 = (x: number) => `${(x * 100).toFixed(2)}%`;
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}`;

function table(results: PolicyResult[]): string {
  const reps = Object.keys(results[0]!.shareDeviation);
  const head = [
    "policy",
    "conversions",
    "expected",
    "share of oracle lift",
    "(on expected)",
    "max window dev.",
    ...reps,
  ];
  const rows = results.map((r) => [
    r.policy,
    String(r.conversions),
    r.expected.toFixed(0),
    pct(r.liftShare),
    pct(r.expectedLiftShare),
    pct(r.maxWindowDeviation),
    ...reps.map((id) => signed(r.shareDeviation[id]!)),
  ]);
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

const started = performance.now();
const first = simulate({ seed, leads, band, model });
console.log(`seed ${seed}, ${leads} leads, fairness band ±${band * 100}%\n`);
console.log(table(first));
console.log(
  "\nper rep: final share of leads minus weighted target, in points; max window dev.: largest |share − target| of any rep at the end of any weekly window (≥ 100 leads).",
);
if (seeds > 1) {
  const lifts: number[] = [];
  const devs: number[] = [];
  const oracleDevs: number[] = [];
  for (let s = seed; s < seed + seeds; s++) {
    const results = simulate({ seed: s, leads, band, model });
    const pred = results.find((r) => r.policy === "predictive")!;
    lifts.push(pred.liftShare ?? 0);
    devs.push(pred.maxWindowDeviation);
    oracleDevs.push(results.find((r) => r.policy === "oracle")!.maxWindowDeviation);
  }
  const mean = lifts.reduce((a, x) => a + x, 0) / lifts.length;
  console.log(
    `\npredictive over seeds ${seed}–${seed + seeds - 1}: share of oracle lift mean ${pct(mean)}, min ${pct(Math.min(...lifts))}, max ${pct(Math.max(...lifts))}; worst window deviation ${pct2(Math.max(...devs))} (oracle ${pct2(Math.max(...oracleDevs))})`,
  );
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
