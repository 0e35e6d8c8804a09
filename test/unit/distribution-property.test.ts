import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Rep } from "../../worker/core/config-doc";
import { chooseRep, type TeamState } from "../../worker/core/distribution";
import { addDays, formatDate, isWithinWorkingHours, toZoned } from "../../worker/core/time";
import { EMPTY, rep, team } from "./distribution-fixtures";

/*
 * The weighted fairness bound. Let p_i = w_i / W and, after n leads, d_i = n·p_i − c_i (the
 * shortfall), so Σ d_i = 0. Lead n + 1 goes to the rep maximising d_i + p_i (the chooser's
 * `(T + 1)·p_i − c_i`). That maximum is at least the mean, Σ(d_i + p_i)/k = 1/k, so the
 * winner's shortfall afterwards is d_i + p_i − 1 ≥ −(1 − 1/k), and the others' only grow.
 * Hence no rep ever exceeds its exact share by more than 1 − 1/k, and since the shortfalls
 * sum to zero, no rep ever falls more than (k − 1)·(1 − 1/k) = (k − 1)²/k below it.
 * For k = 3 that is −2/3 ≤ d ≤ 4/3, so at n = 600 with 3:2:1 (integer targets) d = 0 exactly.
 * Tie-breaks do not matter to the argument, so it holds for any priorities and arrival times.
 */
const START = Date.parse("2026-03-02T12:00:00Z");
const DAY = 86_400_000;
const EPS = 1e-9;

const weightArb = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.01, max: 1000, noNaN: true }));

describe("weighted fairness (property)", () => {
  it("keeps every rep within −(1 − 1/k) … (k − 1)²/k of its exact share", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: weightArb, priority: fc.integer({ min: -2, max: 2 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 0, max: 25 * DAY }), { minLength: 1, maxLength: 150 }),
        (members, offsets) => {
          const k = members.length;
          const ids = members.map((_, i) => `r${i}`);
          const t = team(
            "weighted",
            members.map((m, i) => [ids[i]!, m.weight, m.priority]),
            { countingWindow: "month" },
          );
          const reps = ids.map((id) => rep(id));
          const W = members.reduce((s, m) => s + m.weight, 0);
          const counts = new Map<string, number>();
          let state: TeamState = EMPTY;
          const times = offsets.toSorted((a, b) => a - b);
          times.forEach((offset, n) => {
            const r = chooseRep({ team: t, reps, state, now: START + offset });
            if (!r.ok) throw new Error("every rep is eligible");
            state = r.next;
            counts.set(r.repId, (counts.get(r.repId) ?? 0) + 1);
            members.forEach((m, i) => {
              const d = ((n + 1) * m.weight) / W - (counts.get(ids[i]!) ?? 0);
              expect(d).toBeGreaterThanOrEqual(-(1 - 1 / k) - EPS);
              expect(d).toBeLessThanOrEqual(((k - 1) * (k - 1)) / k + EPS);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

// --- Eligibility, checked against an oracle written independently of the chooser. ---

const hoursArb = fc.constantFrom(
  [{ start: "00:00", end: "24:00" }],
  [{ start: "09:00", end: "17:00" }],
  [
    { start: "22:00", end: "24:00" },
    { start: "00:00", end: "02:30" },
  ],
);
const repArb = (id: string) =>
  fc
    .record({
      timezone: fc.constantFrom("America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"),
      active: fc.integer({ min: 0, max: 6 }).map((n) => n > 0),
      hours: hoursArb,
      ooo: fc.option(
        fc.record({ from: fc.integer({ min: 0, max: 6 }), days: fc.integer({ min: 1, max: 3 }) }),
      ),
      perDay: fc.option(fc.integer({ min: 1, max: 4 })),
      perWeek: fc.option(fc.integer({ min: 4, max: 10 })),
      languages: fc.subarray(["en", "de", "fr"]),
    })
    .map((g): Rep => {
      const ooo = g.ooo
        ? [
            {
              start: new Date(START + g.ooo.from * DAY).toISOString(),
              end: new Date(START + (g.ooo.from + g.ooo.days) * DAY).toISOString(),
            },
          ]
        : [];
      const week = {
        mon: g.hours,
        tue: g.hours,
        wed: g.hours,
        thu: g.hours,
        fri: g.hours,
        sat: g.hours,
        sun: g.hours,
      };
      return rep(id, {
        timezone: g.timezone,
        active: g.active,
        workingHours: week,
        ooo,
        caps: { perDay: g.perDay ?? undefined, perWeek: g.perWeek ?? undefined },
        skills: { languages: g.languages, verticals: [] },
      });
    });

const localDay = (t: number, zone: string) => formatDate(toZoned(t, zone));
const localWeek = (t: number, zone: string) => {
  const z = toZoned(t, zone);
  return formatDate(addDays(z, 1 - z.weekday));
};

/** Why the oracle thinks `r` may not take a lead at `now` given the picks so far. */
function oracleEligible(
  r: Rep,
  now: number,
  history: { repId: string; at: number }[],
  lang: string | null,
  requireHours: boolean,
): boolean {
  const mine = history.filter((h) => h.repId === r.id);
  const today = mine.filter((h) => localDay(h.at, r.timezone) === localDay(now, r.timezone)).length;
  const thisWeek = mine.filter((h) => localWeek(h.at, r.timezone) === localWeek(now, r.timezone)).length;
  const ooo = r.ooo.some((o) => Date.parse(o.start) <= now && now < Date.parse(o.end));
  return (
    r.active &&
    !ooo &&
    (r.caps.perDay === undefined || today < r.caps.perDay) &&
    (r.caps.perWeek === undefined || thisWeek < r.caps.perWeek) &&
    (!requireHours || isWithinWorkingHours(r, now)) &&
    (lang === null || r.skills.languages.includes(lang))
  );
}

describe("eligibility (property)", () => {
  it("never picks an ineligible rep, and only gives up when nobody is eligible", () => {
    const ids = ["a", "b", "c", "d", "e"];
    fc.assert(
      fc.property(
        fc.tuple(...ids.map(repArb)),
        fc.constantFrom(
          "round_robin",
          "weighted",
          "least_loaded",
          "availability",
        ) as fc.Arbitrary<"round_robin">,
        fc.boolean(),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 8 * 3_600_000 }),
            lang: fc.constantFrom(null, "en", "de", "fr"),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (reps, mode, requireHours, leads) => {
          const t = team(mode, ids, { requireWorkingHours: requireHours });
          let state: TeamState = EMPTY;
          let now = START;
          const history: { repId: string; at: number }[] = [];
          for (const lead of leads) {
            now += lead.gap;
            const requiredSkills = lead.lang ? { languages: [lead.lang] } : undefined;
            const r = chooseRep({ team: t, reps, state, now, requiredSkills });
            const ok = reps
              .filter((x) => oracleEligible(x, now, history, lead.lang, requireHours))
              .map((x) => x.id);
            expect(r.explanation.filter((e) => e.eligible).map((e) => e.repId)).toEqual(ok);
            if (r.ok) {
              expect(ok).toContain(r.repId);
              history.push({ repId: r.repId, at: now });
              state = r.next;
            } else {
              expect(ok).toEqual([]);
              for (const e of r.explanation) expect(e.ineligibleReasons.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
