import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelIndexes, linear, linePath, niceCeil, ticks } from "../../dashboard/src/charts/scale";
import {
  distributionByTeam,
  funnelStages,
  funnelSummary,
  largestGap,
  outcomeSegments,
  seriesTotals,
  winRate,
} from "../../dashboard/src/data/analytics-view";
import { duration, percent } from "../../dashboard/src/data/format";
import { timelineText, timelineTitle } from "../../dashboard/src/data/timeline";

describe("chart scales", () => {
  it("rounds an axis up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 0.3, 1, 3, 7, 10, 11, 49, 51, 999].map(niceCeil)).toEqual([
      1, 0.5, 1, 5, 10, 10, 20, 50, 100, 1000,
    ]);
  });

  it("ticks start at 0, step evenly and reach the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (max) => {
        const t = ticks(max);
        expect(t[0]).toBe(0);
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
        const step = t[1]! - t[0]!;
        expect(Number.isInteger(step)).toBe(true);
        for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBe(step);
        expect(t.length).toBeLessThanOrEqual(12);
      }),
    );
  });

  it("maps a domain onto a range, flat domains to its start", () => {
    const y = linear(0, 10, 200, 0);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
    expect(linear(3, 3, 7, 9)(3)).toBe(7);
    expect(
      linePath([
        [0, 1],
        [2.25, 3],
      ]),
    ).toBe("M0.0 1.0L2.3 3.0");
  });

  it("labels at most n points, first and last included", () => {
    expect(labelIndexes(3, 7)).toEqual([0, 1, 2]);
    expect(labelIndexes(31, 7)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(labelIndexes(0, 7)).toEqual([]);
  });
});

describe("analytics view", () => {
  it("computes the funnel's rates against submissions and the previous stage", () => {
    const stages = funnelStages({ submitted: 40, slotsShown: 30, booked: 12 });
    expect(stages.map((s) => [s.label, s.count, s.ofSubmitted, s.ofPrevious])).toEqual([
      ["Submitted", 40, 1, null],
      ["Slots shown", 30, 0.75, 0.75],
      ["Booked", 12, 0.3, 0.4],
    ]);
    expect(funnelSummary({ submitted: 40, slotsShown: 30, booked: 12 })).toBe(
      "40 submitted, 30 were shown slots (75%), 12 booked (30%).",
    );
    expect(funnelStages({ submitted: 0, slotsShown: 0, booked: 0 })[2]!.ofSubmitted).toBeNull();
  });

  it("groups reps by team, biggest first, and finds the rep furthest from target", () => {
    const rep = (
      teamId: string,
      repId: string,
      count: number,
      share: number,
      targetShare: number | null,
    ) => ({
      teamId,
      repId,
      repName: repId.toUpperCase(),
      count,
      share,
      targetShare,
    });
    const teams = distributionByTeam([
      rep("a", "x", 1, 0.5, 0.5),
      rep("b", "y", 3, 0.75, 0.5),
      rep("a", "z", 1, 0.5, 0.5),
      rep("b", "w", 1, 0.25, 0.5),
    ]);
    expect(teams.map((t) => [t.teamId, t.total, t.reps.map((r) => r.repId)])).toEqual([
      ["b", 4, ["y", "w"]],
      ["a", 2, ["x", "z"]],
    ]);
    expect(largestGap(teams[0]!.reps)).toEqual({ name: "Y", points: 25 });
    expect(largestGap([rep("a", "x", 1, 1, null)])).toBeNull();
  });

  it("sums the series and reads outcomes in funnel order", () => {
    const day = (leads: number, booked: number) => ({
      date: "2026-01-01",
      leads,
      routed: leads,
      slotsShown: leads,
      booked,
    });
    expect(seriesTotals([day(3, 1), day(2, 0)])).toEqual({ leads: 5, routed: 5, slotsShown: 5, booked: 1 });
    expect(outcomeSegments({ won: 2, contacted: 4, lost: 0 })).toEqual([
      { key: "contacted", value: 4 },
      { key: "won", value: 2 },
    ]);
    expect(winRate({ leads: 8, outcomes: { won: 2 } })).toBe(0.25);
    expect(winRate({ leads: 0, outcomes: {} })).toBeNull();
  });

  it("formats rates and durations for people", () => {
    expect([percent(0.4567), percent(1), percent(null), percent(0.5, 0)]).toEqual([
      "45.7%",
      "100%",
      "—",
      "50%",
    ]);
    expect([duration(12.4), duration(60), duration(185), duration(60 * 52), duration(null)]).toEqual([
      "12 min",
      "1 h",
      "3 h 5 min",
      "2 d 4 h",
      "—",
    ]);
  });
});

describe("lead timeline wording", () => {
  const names = {
    rep: (id: string) => `Rep ${id}`,
    team: (id: string) => `Team ${id}`,
    rule: (id: string) => `Rule ${id}`,
  };
  it("says who and why for each kind of step", () => {
    expect(timelineTitle("unrouted")).toBe("Could not be routed");
    expect(timelineTitle("event_merged")).toBe("On an event list again");
    expect(timelineText("event_merged", { list: "SaaStr", row: 40 }, names)).toBe("“SaaStr”, row 40");
    expect(timelineText("routed", { ruleId: "r1" }, names)).toBe("By rule “Rule r1”");
    expect(timelineText("routed", { ruleId: null }, names)).toBe("By the fallback");
    expect(timelineText("reassigned", { repId: "b", teamId: "t", reason: "sla_breach" }, names)).toBe(
      "to Rep b in Team t (Sla breach)",
    );
    expect(timelineText("accepted", { repId: "a" }, names)).toBe("by Rep a");
    expect(timelineText("notified", { channel: "slack", event: "lead.routed" }, names)).toBe(
      "Slack: lead.routed",
    );
    expect(timelineText("outcome", { outcome: "no_show", repId: "a" }, names)).toBe("No show by Rep a");
    expect(timelineText("custom_step", { someKey: "v", empty: null }, names)).toBe("Some key: v");
  });
});
