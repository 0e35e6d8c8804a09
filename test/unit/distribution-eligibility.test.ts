import { describe, expect, it } from "vitest";
import { chooseRep } from "../../worker/core/distribution";
import { EMPTY, MONDAY, rep, run, team } from "./distribution-fixtures";

const HOUR = 3_600_000;
const skills = (languages: string[], verticals: string[]) => ({ skills: { languages, verticals } });
const nineToFive = [{ start: "09:00", end: "17:00" }];

describe("eligibility", () => {
  it("returns no_eligible_rep with every rep's reasons", () => {
    const t = team("round_robin", ["a", "b", "c", "d", "e", "gone"], { requireWorkingHours: true });
    const reps = [
      rep("a", { active: false }),
      rep("b", { ooo: [{ start: "2026-03-09T00:00:00Z", end: "2026-03-10T00:00:00Z" }] }),
      rep("c", { timezone: "Asia/Kolkata", workingHours: { mon: nineToFive } }),
      rep("d", { skills: { languages: ["en"], verticals: [] } }),
      rep("e"),
    ];
    const r = chooseRep({
      team: t,
      reps,
      state: EMPTY,
      now: MONDAY,
      requiredSkills: { languages: ["de"] },
      excludeRepIds: ["e"],
    });
    expect(r.ok).toBe(false);
    expect(r.explanation.map((e) => [e.repId, e.ineligibleReasons])).toEqual([
      ["a", ["inactive", "missing_skill"]],
      ["b", ["ooo", "missing_skill"]],
      ["c", ["outside_working_hours", "missing_skill"]],
      ["d", ["missing_skill"]],
      ["e", ["missing_skill", "excluded"]],
      ["gone", ["not_member"]],
    ]);
  });

  it("needs one listed language and one listed vertical", () => {
    const reps = [rep("a", skills(["de"], ["saas"])), rep("b", skills(["fr", "de"], ["fintech"]))];
    const t = team("round_robin", ["a", "b"]);
    const pick = (req: { languages?: string[]; verticals?: string[] }) => {
      const r = chooseRep({ team: t, reps, state: EMPTY, now: MONDAY, requiredSkills: req });
      return r.explanation.filter((e) => e.eligible).map((e) => e.repId);
    };
    expect(pick({ languages: ["de", "es"] })).toEqual(["a", "b"]);
    expect(pick({ languages: ["de"], verticals: ["fintech"] })).toEqual(["b"]);
    expect(pick({ verticals: ["health"] })).toEqual([]);
  });

  it("counts the per-day cap in the rep's own zone", () => {
    // 18:00 UTC is 23:30 in Kolkata and 14:00 in New York; 18:30 UTC is midnight in Kolkata.
    const t = team("round_robin", ["in", "ny"]);
    const reps = [
      rep("in", { timezone: "Asia/Kolkata", caps: { perDay: 1 } }),
      rep("ny", { caps: { perDay: 1 } }),
    ];
    const evening = Date.parse("2026-03-09T18:00:00Z");
    const day1 = run({ team: t, reps }, 3, EMPTY, () => evening);
    expect(day1.picks).toEqual(["in", "ny", null]);
    expect(day1.results[2]!.explanation.map((e) => e.ineligibleReasons)).toEqual([["cap_day"], ["cap_day"]]);
    const next = run({ team: t, reps }, 2, day1.state, () => evening + 30 * 60_000);
    expect(next.picks).toEqual(["in", null]);
  });

  it("counts the per-week cap from the rep's local Monday", () => {
    const t = team("round_robin", ["a"]);
    const reps = [rep("a", { timezone: "Europe/Berlin", caps: { perWeek: 2 } })];
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin: a new week there, not yet in UTC.
    const sunday = Date.parse("2026-03-15T23:30:00Z");
    const week = run({ team: t, reps }, 3, EMPTY, () => Date.parse("2026-03-12T10:00:00Z"));
    expect(week.picks).toEqual(["a", "a", null]);
    expect(week.results[2]!.explanation[0]!.ineligibleReasons).toEqual(["cap_week"]);
    expect(run({ team: t, reps }, 1, week.state, () => sunday - HOUR).picks).toEqual([null]);
    expect(run({ team: t, reps }, 1, week.state, () => sunday).picks).toEqual(["a"]);
  });

  it("holds caps against leads taken outside the team, without moving fairness shares", () => {
    // a took 2 leads elsewhere today (06:00 and 09:00 in New York) and one last Friday; b none.
    const t = team("weighted", ["a", "b"]);
    const reps = [rep("a", { caps: { perDay: 3, perWeek: 4 } }), rep("b")];
    const outside = {
      a: [MONDAY - 5 * HOUR, MONDAY - 2 * HOUR, MONDAY - 3 * 24 * HOUR],
    };
    const state = { ...EMPTY, outside };
    const first = chooseRep({ team: t, reps, state, now: MONDAY });
    // Below the caps with them: a still wins the tie (first in member order), its share as if alone.
    expect(first.ok && first.repId).toBe("a");
    expect(first.explanation[0]).toMatchObject({
      eligible: true,
      actual: 0,
      dayCount: 0,
      outside: { dayCount: 2, weekCount: 2 },
    });
    expect(first.ok && first.next.outside).toBe(outside);
    const after = run({ team: t, reps }, 3, state, () => MONDAY + HOUR);
    // 2 outside + 1 here reach a's daily cap of 3: b gets the rest, with a's reason.
    expect(after.picks).toEqual(["a", "b", "b"]);
    expect(after.results[1]!.explanation[0]!.ineligibleReasons).toEqual(["cap_day"]);
    // Last Friday is another week in New York: not counted against the weekly cap.
    const nextDay = chooseRep({ team: t, reps, state: after.state, now: MONDAY + 24 * HOUR });
    expect(nextDay.explanation[0]).toMatchObject({ eligible: true, weekCount: 1 });
    expect(nextDay.explanation[0]!.outside).toEqual({ dayCount: 0, weekCount: 2 });
  });

  it("never mutates its input", () => {
    const t = team("weighted", [["a", 2], "b"]);
    const reps = [rep("a"), rep("b")];
    const { state } = run({ team: t, reps }, 3);
    const input = { team: t, reps, state, now: MONDAY, excludeRepIds: ["b"] };
    const before = structuredClone(input);
    chooseRep(input);
    expect(input).toEqual(before);
  });

  it("stops giving leads to a rep removed from the team, and calibrates it if it comes back", () => {
    const reps = [rep("a"), rep("b"), rep("c")];
    const all = run({ team: team("weighted", ["a", "b", "c"]), reps }, 9);
    const without = run({ team: team("weighted", ["a", "b"]), reps }, 10, all.state);
    expect(without.picks).not.toContain("c");
    const back = run({ team: team("weighted", ["a", "b", "c"]), reps }, 3, without.state);
    expect(back.picks.toSorted()).toEqual(["a", "b", "c"]);
  });
});
