import { describe, expect, it } from "vitest";
import { chooseRep, pickForSlot, releaseAssignment } from "../../worker/core/distribution";
import { EMPTY, MONDAY, rep, run, tally, team } from "./distribution-fixtures";

const HOUR = 3_600_000;
const abc = [rep("a"), rep("b"), rep("c")];

describe("round robin", () => {
  it("rotates strictly in member order", () => {
    const { picks } = run({ team: team("round_robin", ["b", "a", "c"]), reps: abc }, 7);
    expect(picks).toEqual(["b", "a", "c", "b", "a", "c", "b"]);
  });

  it("skips an ineligible rep without losing its place", () => {
    const t = team("round_robin", ["a", "b", "c"]);
    const first = run({ team: t, reps: abc }, 1);
    // b is OOO for four leads: the rotation goes on without it.
    const ooo = [{ start: "2026-03-01T00:00:00Z", end: "2026-03-09T16:00:00Z" }];
    const away = run({ team: t, reps: [rep("a"), rep("b", { ooo }), rep("c")] }, 4, first.state);
    expect(away.picks).toEqual(["c", "a", "c", "a"]);
    // Back, b has waited longest, so it is next; then the rotation resumes.
    const back = run({ team: t, reps: abc }, 4, away.state);
    expect(back.picks).toEqual(["b", "c", "a", "b"]);
  });
});

describe("weighted", () => {
  it("gives a 3:2:1 team exactly 3:2:1 every six leads, smoothly", () => {
    const { picks } = run(
      {
        team: team("weighted", [
          ["a", 3],
          ["b", 2],
          ["c", 1],
        ]),
        reps: abc,
      },
      12,
    );
    expect(tally(picks.slice(0, 6))).toEqual({ a: 3, b: 2, c: 1 });
    expect(tally(picks)).toEqual({ a: 6, b: 4, c: 2 });
    // Shares stay close at every step; at the third lead a and c tie and c waited longer.
    expect(picks.slice(0, 6)).toEqual(["a", "b", "c", "a", "b", "a"]);
  });

  it("breaks shortfall ties by priority, then by the least recently assigned", () => {
    const t = team("weighted", [
      ["a", 1, 0],
      ["b", 1, 5],
      ["c", 1, 0],
    ]);
    const { picks } = run({ team: t, reps: abc }, 3);
    expect(picks).toEqual(["b", "a", "c"]);
  });

  it("explains the arithmetic for every candidate", () => {
    const t = team("weighted", [
      ["a", 2],
      ["b", 1],
      ["c", 1],
    ]);
    const { state } = run({ team: t, reps: abc }, 4);
    const r = chooseRep({
      team: t,
      reps: [rep("a"), rep("b"), rep("c", { active: false })],
      state,
      now: MONDAY,
    });
    expect(r.ok && r.repId).toBe("a");
    expect(r.explanation).toEqual([
      // c is out, so a and b share the next lead's target: (2 + 1 + 1) · weight / 3.
      expect.objectContaining({
        repId: "a",
        eligible: true,
        weight: 2,
        actual: 2,
        target: 8 / 3,
        calibration: 0,
      }),
      expect.objectContaining({ repId: "b", eligible: true, actual: 1, target: 4 / 3, shortfall: 4 / 3 - 1 }),
      expect.objectContaining({
        repId: "c",
        eligible: false,
        ineligibleReasons: ["inactive"],
        actual: 1,
        target: null,
      }),
    ]);
  });

  it("calibrates a new rep to the team average instead of flooding it", () => {
    const ab = run({ team: team("weighted", ["a", "b"]), reps: abc }, 20);
    const withC = run({ team: team("weighted", ["a", "b", "c"]), reps: abc }, 6, ab.state);
    expect(tally(withC.picks)).toEqual({ a: 2, b: 2, c: 2 });
    expect(withC.results[0]!.explanation[2]).toMatchObject({ repId: "c", actual: 0, calibration: 10 });
  });

  it("lets a new rep catch up when the team opts in", () => {
    const ab = run({ team: team("weighted", ["a", "b"]), reps: abc }, 20);
    const t = team("weighted", ["a", "b", "c"], { calibration: "catch_up" });
    expect(run({ team: t, reps: abc }, 10, ab.state).picks).toEqual(Array(10).fill("c"));
  });

  it("calibrates a rep back from OOO, but not one that merely hit a cap", () => {
    const t = team("weighted", ["a", "b", "c"]);
    const ooo = [{ start: "2026-03-01T00:00:00Z", end: "2026-03-09T16:00:00Z" }];
    const away = run({ team: t, reps: [rep("a"), rep("b"), rep("c", { ooo })] }, 10);
    const back = run({ team: t, reps: abc }, 3, away.state, () => MONDAY + 2 * HOUR);
    expect(tally(back.picks)).toEqual({ a: 1, b: 1, c: 1 });
  });

  it("counts in the team's window, so a new week starts from zero", () => {
    const t = team(
      "weighted",
      [
        ["a", 1],
        ["b", 1],
      ],
      { countingWindow: "week" },
    );
    const week1 = run({ team: t, reps: abc }, 5);
    const r = chooseRep({ team: t, reps: abc, state: week1.state, now: Date.parse("2026-03-16T04:00:00Z") });
    expect(r.explanation.map((e) => e.actual)).toEqual([0, 0]);
    // Sunday 23:59 in New York is still the first week.
    const late = chooseRep({
      team: t,
      reps: abc,
      state: week1.state,
      now: Date.parse("2026-03-16T03:59:00Z"),
    });
    expect(late.explanation.map((e) => e.actual)).toEqual([3, 2]);
  });

  it("falls back to the weighted rule for predictive teams", () => {
    const r = chooseRep({ team: team("predictive", ["a", "b"]), reps: abc, state: EMPTY, now: MONDAY });
    expect(r.mode).toBe("weighted");
  });
});

describe("least loaded", () => {
  it("picks the rep with the fewest open leads, counting releases", () => {
    const t = team("least_loaded", ["a", "b", "c"]);
    const first = run({ team: t, reps: abc }, 3);
    expect(first.picks).toEqual(["a", "b", "c"]);
    const b = first.state.reps["b"]!;
    const record = {
      repId: "b",
      seq: 2,
      prevSeq: 0,
      windowStart: b.windowStart,
      dayStart: b.dayStart,
      weekStart: b.weekStart,
    };
    const released = releaseAssignment(first.state, record, false);
    expect(run({ team: t, reps: abc }, 2, released).picks).toEqual(["b", "a"]);
  });
});

describe("availability", () => {
  it("picks by the weighted rule among the reps free at the slot", () => {
    const t = team("availability", [
      ["a", 1],
      ["b", 3],
      ["c", 1],
    ]);
    const r = pickForSlot({ team: t, reps: abc, state: EMPTY, now: MONDAY, freeRepIds: ["a", "c"] });
    expect(r.ok && r.repId).toBe("a");
    expect(r.explanation[1]).toMatchObject({ repId: "b", eligible: false, ineligibleReasons: ["excluded"] });
  });
});

describe("release", () => {
  it("gives back the count and the rotation turn when credited", () => {
    const t = team("round_robin", ["a", "b", "c"]);
    const { state } = run({ team: t, reps: abc }, 2);
    const a = state.reps["a"]!;
    const record = {
      repId: "a",
      seq: 1,
      prevSeq: 0,
      windowStart: a.windowStart,
      dayStart: a.dayStart,
      weekStart: a.weekStart,
    };
    const credited = releaseAssignment(state, record, true);
    expect(credited.reps["a"]).toMatchObject({
      windowCount: 0,
      dayCount: 0,
      weekCount: 0,
      open: 0,
      lastSeq: 0,
    });
    expect(run({ team: t, reps: abc }, 1, credited).picks).toEqual(["a"]);
    const uncredited = releaseAssignment(state, record, false);
    expect(uncredited.reps["a"]).toMatchObject({ windowCount: 1, open: 0, lastSeq: 1 });
    expect(state.reps["a"]).toMatchObject({ windowCount: 1, open: 1 });
  });
});
