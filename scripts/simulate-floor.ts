/**
 * `npm run simulate:floor -- [--seed 1] [--seeds 10] [--band 0.1] [--model features|segments]`:
 * the harder, sales-floor simulation of issue 23 (see floor-world.ts and floor-run.ts), per
 * seed and as mean / min / max. `--model segments` runs the pre-issue-23 segment model.
 */
import { simulateFloor, type FloorResult } from "./floor-run";
import { featureLearner, segmentLearner } from "./floor-learners";

const USAGE = `usage: npm run simulate:floor -- [--seed 1] [--seeds 10] [--band 0.1] [--model features|segments]`;
const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]!);
  if (!m || m[1] === "help") {
    console.log(USAGE);
    process.exit(m ? 0 : 2);
  }
  args.set(m[1]!, m[2] ?? argv[++i] ?? "");
}
const seed = Number(args.get("seed") ?? 1);
const seeds = Number(args.get("seeds") ?? 10);
const band = Number(args.get("band") ?? 0.1);
const modelName = args.get("model") ?? "features";
if (![seed, seeds, band].every(Number.isFinite) || seeds < 1 || band <= 0 || band > 1) {
  console.error(`simulate:floor: bad flags\n${USAGE}`);
  process.exit(2);
}
const SEGMENTS = [{ fact: "region" }, { fact: "employees", bands: [50, 250] }];
const model =
  modelName === "segments"
    ? { learner: segmentLearner, predictive: { segments: SEGMENTS, minObservations: 20, priorStrength: 2 } }
    : {
        learner: featureLearner,
        predictive: { segments: SEGMENTS, halfLifeDays: Number(process.env.HL ?? 45) },
      };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const started = performance.now();
const rows: string[][] = [];
const summary: {
  gap: number[];
  real: number[];
  months: number[][];
  dev: number[];
  lead: number[];
  share: number[];
} = {
  gap: [],
  real: [],
  months: [],
  dev: [],
  lead: [],
  share: [],
};
let target = 0;
for (let s = seed; s < seed + seeds; s++) {
  const results = simulateFloor({ seed: s, band, ...model });
  const by = (p: string) => results.find((r) => r.policy === p)! as FloorResult;
  const pred = by("predictive");
  rows.push([
    String(s),
    ...["round_robin", "weighted", "predictive", "oracle"].map(
      (p) => `${by(p).conversions} (${by(p).expected.toFixed(0)})`,
    ),
    pct(pred.gapClosed),
    pct(pred.gapClosedRealised),
    pred.monthlyGap.map((g) => (g * 100).toFixed(0)).join(" / "),
    `${pct(pred.maxWindowDeviation)} / ${pct(pred.maxLeadDeviation)}`,
    `${pct(by("oracle").maxWindowDeviation)}`,
    `${pct(pred.newRepShare)} (target ${pct(pred.newRepTarget)})`,
  ]);
  summary.gap.push(pred.gapClosed);
  summary.real.push(pred.gapClosedRealised);
  summary.months.push(pred.monthlyGap);
  summary.dev.push(pred.maxWindowDeviation);
  summary.lead.push(pred.maxLeadDeviation);
  summary.share.push(pred.newRepShare);
  target = pred.newRepTarget;
}
const head = [
  "seed",
  "round robin",
  "weighted",
  "predictive",
  "oracle",
  "gap closed (expected)",
  "(realised)",
  "by month, %",
  "max dev. window end / any lead",
  "oracle dev.",
  `${"ivy"} share, first 14 days`,
];
console.log(`floor simulation, model ${modelName}, band ±${band * 100}%: conversions (expected)\n`);
console.log([head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n"));
const stat = (xs: number[]) =>
  `mean ${pct(xs.reduce((a, x) => a + x, 0) / xs.length)}, min ${pct(Math.min(...xs))}, max ${pct(Math.max(...xs))}`;
console.log(`\ngap closed (expected conversions): ${stat(summary.gap)}`);
console.log(`gap closed (realised conversions): ${stat(summary.real)}`);
for (let m = 0; m < 6; m++) console.log(`  month ${m + 1}: ${stat(summary.months.map((x) => x[m]!))}`);
console.log(
  `max window-end deviation: ${pct(Math.max(...summary.dev))}; at any lead past 2/b: ${pct(Math.max(...summary.lead))}`,
);
console.log(
  `new rep share, first 14 days: ${stat(summary.share)} (target ≈ ${pct(target)}, band ±${band * 100}%)`,
);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
