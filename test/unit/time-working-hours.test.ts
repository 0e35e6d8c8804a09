import { describe, expect, it } from "vitest";
import {
  isOutOfOffice,
  isWithinWorkingHours,
  subtractIntervals,
  workingIntervals,
  type RepSchedule,
} from "../../worker/core/time";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const nineToFive = [{ start: "09:00", end: "17:00" }];
const weekdays = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive };

function rep(timezone: string, extra: Partial<RepSchedule> = {}): RepSchedule {
  return { timezone, workingHours: weekdays, dateOverrides: [], ooo: [], ...extra };
}

describe("inside working hours", () => {
  it.each([
    // New York, Monday 9 March 2026 (first weekday after spring forward: UTC-4).
    ["America/New_York", "2026-03-09T12:59:00Z", false],
    ["America/New_York", "2026-03-09T13:00:00Z", true],
    ["America/New_York", "2026-03-09T20:59:59Z", true],
    ["America/New_York", "2026-03-09T21:00:00Z", false],
    // Berlin, Monday 30 March 2026 (first weekday on CEST: UTC+2).
    ["Europe/Berlin", "2026-03-30T06:59:00Z", false],
    ["Europe/Berlin", "2026-03-30T07:00:00Z", true],
    // Kolkata: 09:00 IST is 03:30 UTC.
    ["Asia/Kolkata", "2026-03-30T03:29:00Z", false],
    ["Asia/Kolkata", "2026-03-30T03:30:00Z", true],
    // Lord Howe, Monday 6 April 2026 (first weekday on +10:30): 09:00 is 22:30 UTC the day before.
    ["Australia/Lord_Howe", "2026-04-05T22:29:00Z", false],
    ["Australia/Lord_Howe", "2026-04-05T22:30:00Z", true],
    // Saturday is a day off.
    ["Europe/Berlin", "2026-03-28T10:00:00Z", false],
  ])("%s at %s → %s", (zone, instant, inside) => {
    expect(isWithinWorkingHours(rep(zone), at(instant))).toBe(inside);
  });

  it("uses a date override instead of the weekly hours", () => {
    const r = rep("Europe/Berlin", {
      dateOverrides: [
        { date: "2026-03-30", hours: [] },
        { date: "2026-03-28", hours: [{ start: "10:00", end: "12:00" }] },
      ],
    });
    expect(isWithinWorkingHours(r, at("2026-03-30T10:00:00Z"))).toBe(false);
    expect(isWithinWorkingHours(r, at("2026-03-28T09:30:00Z"))).toBe(true);
  });

  it("treats 24:00 as the end of the local day", () => {
    const r = rep("Asia/Kolkata", { workingHours: { mon: [{ start: "20:00", end: "24:00" }] } });
    expect(isWithinWorkingHours(r, at("2026-03-30T18:29:00Z"))).toBe(true);
    expect(isWithinWorkingHours(r, at("2026-03-30T18:30:00Z"))).toBe(false);
  });
});

describe("out of office", () => {
  it("covers [start, end)", () => {
    const r = { ooo: [{ start: "2026-03-10T00:00:00+01:00", end: "2026-03-12T00:00:00+01:00" }] };
    expect(isOutOfOffice(r, at("2026-03-09T22:59:59Z"))).toBe(false);
    expect(isOutOfOffice(r, at("2026-03-09T23:00:00Z"))).toBe(true);
    expect(isOutOfOffice(r, at("2026-03-11T23:00:00Z"))).toBe(false);
  });
});

describe("working intervals", () => {
  it("keeps wall-clock ends across the New York fall-back night", () => {
    const r = rep("America/New_York", { workingHours: { sun: [{ start: "00:00", end: "04:00" }] } });
    const out = workingIntervals(r, at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"));
    // 00:00 EDT to 04:00 EST is five real hours.
    expect(out.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-11-01T04:00:00.000Z", "2026-11-01T09:00:00.000Z"],
    ]);
  });

  it("drops hours that a spring-forward gap skips and shortens those that cross it", () => {
    const r = rep("Europe/Berlin", {
      workingHours: {
        sun: [
          { start: "02:00", end: "03:00" },
          { start: "03:00", end: "05:00" },
        ],
      },
    });
    const out = workingIntervals(r, at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z"));
    expect(out.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-03-29T01:00:00.000Z", "2026-03-29T03:00:00.000Z"],
    ]);
  });

  it("ends a 24:00 interval at the next local midnight on a 23-hour day", () => {
    const r = rep("America/New_York", { workingHours: { sun: [{ start: "20:00", end: "24:00" }] } });
    const out = workingIntervals(r, at("2026-03-08T00:00:00Z"), at("2026-03-10T00:00:00Z"));
    expect(out.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-03-09T00:00:00.000Z", "2026-03-09T04:00:00.000Z"],
    ]);
  });

  it("lists a Lord Howe week in UTC, minus OOO, clipped to the range", () => {
    const r = rep("Australia/Lord_Howe", {
      ooo: [{ start: "2026-04-07T01:00:00Z", end: "2026-04-08T12:00:00Z" }],
    });
    const out = workingIntervals(r, at("2026-04-05T00:00:00Z"), at("2026-04-09T00:00:00Z"));
    expect(out.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-04-05T22:30:00.000Z", "2026-04-06T06:30:00.000Z"],
      ["2026-04-06T22:30:00.000Z", "2026-04-07T01:00:00.000Z"],
      ["2026-04-08T22:30:00.000Z", "2026-04-09T00:00:00.000Z"],
    ]);
  });

  it("subtracts intervals without touching its inputs", () => {
    const base = [
      { start: 0, end: 10 },
      { start: 20, end: 30 },
    ];
    expect(subtractIntervals(base, [{ start: 5, end: 25 }])).toEqual([
      { start: 0, end: 5 },
      { start: 25, end: 30 },
    ]);
    expect(base).toEqual([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
    ]);
  });
});
