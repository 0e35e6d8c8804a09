/**
 * The daily refit of the predictive mode's joint model (worker/team/evidence-table.ts →
 * predictive-fit.ts), in Node, on the evidence a team object holds in steady state:
 *
 *   npm run bench:fit [-- days=5]
 *
 * For 50, 200 and 1000 leads a day it fills an `EvidenceTable` with 180 days of leads (7 reps,
 * 7 facts each, outcomes known after a week for 40% of leads, ~6% converting, some reps better
 * on some industries), times the first fit (cold: no previous fit), then `days` more days: each
 * day adds that day's leads and outcomes and prunes (untimed), then times the first decision of
 * the day, which refits from the previous fit (warm). Prints the cells held (distinct rep ×
 * features: the refit's rows; these facts have 161,280 combinations, so cells come near leads
 * until ~1000 a day, as with a team whose auto features take a free-text field), the cold fit,
 * the median warm refit and the warm refit per lead held, after one untimed round so that the
 * JIT is warm.
 * A bench, not a test: times depend on the machine.
 */
import { DAY_MS, featureKeys } from "../../worker/core/distribution";
import { seededRandom } from "../../worker/core/random";
import { EvidenceTable } from "../../worker/team/evidence-table";

const DAYS = Number(process.argv[2] ?? 5);
const SETTINGS = { halfLifeDays: 45, maturityDays: 30, memoryDays: 180 };
const SPECS = [{ fact: "region" }, { fact: "tier" }];
const REGIONS = ["NA", "EMEA", "APAC", "LATAM"];
const COUNTRIES = ["US", "DE", "IN", "BR", "FR", "JP", "MX", "CA"];
const INDUSTRIES = ["saas", "fintech", "health", "retail", "manufacturing", "media"];
const SOURCES = ["webinar", "paid", "organic", "partner"];
const SIZES = ["1-10", "11-50", "51-200", "201-1000", "1000+"];
const REPS = 7;

type Pending = { id: string; repId: string; features: string[]; day: number; success: boolean };

function run(perDay: number, print = true): void {
  const random = seededRandom(perDay);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const table = new EvidenceTable(SETTINGS);
  const pending: Pending[] = [];
  let n = 0;
  const addDay = (day: number) => {
    for (let k = 0; k < perDay; k++) {
      const rep = n % REPS;
      const industry = pick(INDUSTRIES);
      const features = featureKeys(SPECS, true, {
        region: pick(REGIONS),
        country: pick(COUNTRIES),
        tier: pick(["A", "B", "C"]),
        "fields.industry": industry,
        source: pick(SOURCES),
        size: pick(SIZES),
        freeEmail: random() < 0.1,
      });
      const lead = { id: `l${n++}`, repId: `r${rep}`, features, day, success: false };
      lead.success = random() < (INDUSTRIES.indexOf(industry) % REPS === rep ? 0.12 : 0.05);
      table.setLead(lead.id, { repId: lead.repId, features, day, label: null });
      pending.push(lead);
    }
    // Outcomes a week later: 40% of leads get one (the rest never do).
    while (pending.length && pending[0]!.day <= day - 7) {
      const lead = pending.shift()!;
      if (!lead.success && random() >= 0.34) continue;
      const label = lead.success ? "success" : "failure";
      if (lead.success) table.addDelay(lead.day, 7);
      table.setLead(lead.id, { repId: lead.repId, features: lead.features, day: lead.day, label });
    }
    table.prune(day * DAY_MS);
  };
  const today = 20_000;
  for (let day = today - SETTINGS.memoryDays; day < today; day++) addDay(day);
  const decide = (day: number) => {
    const start = performance.now();
    table.evidence(["region=NA", "tier=A"], day * DAY_MS + 1);
    return performance.now() - start;
  };
  const cold = decide(today);
  const warm: number[] = [];
  for (let day = today + 1; day <= today + DAYS; day++) {
    addDay(day);
    warm.push(decide(day));
  }
  const median = warm.toSorted((a, b) => a - b)[Math.floor(warm.length / 2)]!;
  const held = table.size();
  if (!print) return;
  console.log(
    `${String(perDay).padStart(5)} leads/day, ${String(held).padStart(7)} held ` +
      `(${String(table.cells()).padStart(6)} cells): ` +
      `cold ${cold.toFixed(1).padStart(7)} ms, warm median ${median.toFixed(1).padStart(7)} ms ` +
      `(${((median * 1000) / held).toFixed(2)} µs/lead; days ${warm.map((t) => t.toFixed(0)).join(" ")})`,
  );
}

// Untimed rounds first, so the first figures are not the JIT's warm-up (one round of 50 a day
// left the 50 a day figures ~4x the steady state's).
run(50, false);
run(200, false);
for (const perDay of [50, 200, 1000]) run(perDay);
