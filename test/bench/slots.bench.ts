/**
 * Slots for an availability team: 50 reps × 14 days, 20 busy blocks per rep per day.
 *
 *   npm run bench -- test/bench/slots.bench.ts
 *
 * Target: ≤ 5 ms per pooled computation. The offset memo in worker/core/time is warm after
 * the first iteration, as it is in a live isolate.
 */
import { test } from "vitest";
import { repSchema, teamSchema } from "../../worker/core/config-doc";
import { pooledSlots, repSlots, type SlotRep } from "../../worker/core/slots";
import { seededRandom } from "../../worker/core/random";

const REPS = 50;
const DAYS = 14;
const BUSY_PER_DAY = 20;
const MIN = 60_000;
const NOW = Date.parse("2026-03-02T06:00:00Z");
const ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "America/Los_Angeles",
];

function setup() {
  const random = seededRandom(7); // seeded, so every run sees the same calendars
  const hours = [
    { start: "08:00", end: "12:00" },
    { start: "13:00", end: "18:00" },
  ];
  const reps: SlotRep[] = Array.from({ length: REPS }, (_rep, i) => {
    const rep = repSchema.parse({
      id: `r${i}`,
      name: `Rep ${i}`,
      email: `r${i}@example.com`,
      timezone: ZONES[i % ZONES.length],
      workingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
      dateOverrides: [{ date: "2026-03-06", hours: [{ start: "09:00", end: "13:00" }] }],
    });
    // 15-60 minute meetings scattered over each day, in random order, some overlapping.
    const busy = Array.from({ length: DAYS * BUSY_PER_DAY }, (_block, k) => {
      const start = NOW + Math.floor(k / BUSY_PER_DAY) * 1440 * MIN + Math.floor(random() * 96) * 15 * MIN;
      return { start, end: start + (1 + Math.floor(random() * 4)) * 15 * MIN };
    }).toSorted(() => random() - 0.5);
    return { ...rep, busy, booked: busy.slice(0, 5).map((b) => b.start) };
  });
  const team = teamSchema.parse({
    id: "bench",
    name: "Bench",
    members: reps.map((r) => ({ repId: r.id })),
    distribution: { mode: "availability" },
    meetingType: {
      durationMinutes: 30,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 10,
      horizonDays: DAYS,
      dailyMaxPerRep: 8,
    },
  });
  return { reps, rules: team.meetingType };
}

test(`slots, ${REPS} reps × ${DAYS} days × ${BUSY_PER_DAY} busy blocks a day`, async ({ bench }) => {
  const { reps, rules } = setup();
  const pooled = bench("pooledSlots (availability team)", () => {
    pooledSlots(reps, { rules, now: NOW });
  });
  const single = bench("repSlots × 50 (one rep at a time)", () => {
    for (const rep of reps) repSlots(rep, { rules, now: NOW });
  });
  const result = await bench.compare(pooled, single, { time: 2000 });
  // The table shows mean and p75; the README quotes the median, so print it.
  for (const name of ["pooledSlots (availability team)", "repSlots × 50 (one rep at a time)"] as const) {
    const { latency } = result.get(name) as unknown as { latency: { p50: number } };
    console.log(`${name}: median ${latency.p50.toFixed(2)} ms`);
  }
});
