import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bucketIndex,
  calendarBuckets,
  dayLength,
  formatDate,
  offsetPieces,
  toPlainDate,
  offsetAt,
  startOfDay,
  startOfMonth,
  startOfWeek,
  toInstant,
  toZoned,
  type Disambiguation,
  type WallClock,
} from "../../worker/core/time";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const wall = (s: string): WallClock => ({
  year: Number(s.slice(0, 4)),
  month: Number(s.slice(5, 7)),
  day: Number(s.slice(8, 10)),
  hour: Number(s.slice(11, 13)),
  minute: Number(s.slice(14, 16)),
});
const H = 3_600_000;

describe("wall clock to UTC", () => {
  it.each<[string, string, Disambiguation, string]>([
    // Ordinary times, including a half-hour zone with no DST.
    ["America/New_York", "2026-07-01T09:00", "compatible", "2026-07-01T13:00:00.000Z"],
    ["Asia/Kolkata", "2026-03-08T09:00", "compatible", "2026-03-08T03:30:00.000Z"],
    // Spring-forward gaps move forward by the gap: 1 h in New York and Berlin, 30 min on Lord Howe.
    ["America/New_York", "2026-03-08T02:30", "compatible", "2026-03-08T07:30:00.000Z"],
    ["America/New_York", "2026-03-08T02:30", "earlier", "2026-03-08T06:30:00.000Z"],
    ["Europe/Berlin", "2026-03-29T02:30", "compatible", "2026-03-29T01:30:00.000Z"],
    ["Australia/Lord_Howe", "2026-10-04T02:15", "compatible", "2026-10-03T15:45:00.000Z"],
    // Fall-back overlaps: the wall time happens twice.
    ["America/New_York", "2026-11-01T01:30", "compatible", "2026-11-01T05:30:00.000Z"],
    ["America/New_York", "2026-11-01T01:30", "later", "2026-11-01T06:30:00.000Z"],
    ["Europe/Berlin", "2026-10-25T02:30", "earlier", "2026-10-25T00:30:00.000Z"],
    ["Europe/Berlin", "2026-10-25T02:30", "later", "2026-10-25T01:30:00.000Z"],
    ["Australia/Lord_Howe", "2026-04-05T01:45", "earlier", "2026-04-04T14:45:00.000Z"],
    ["Australia/Lord_Howe", "2026-04-05T01:45", "later", "2026-04-04T15:15:00.000Z"],
  ])("%s %s (%s) is %s", (zone, local, mode, expected) => {
    expect(iso(toInstant(wall(local), zone, mode))).toBe(expected);
  });

  it("round-trips every quarter hour across a DST week in each zone", () => {
    for (const zone of ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]) {
      for (let t = at("2026-03-27T00:00:00Z"); t < at("2026-04-07T00:00:00Z"); t += H / 4) {
        const z = toZoned(t, zone);
        const back = toInstant(z, zone, "earlier");
        const later = toInstant(z, zone, "later");
        expect([back, later]).toContain(t);
      }
    }
  });

  it("reads offsets exactly around a transition that is not on a quarter hour", () => {
    // Berlin left local mean time (+0:53:28) for CET at 23:06:32 UTC on 31 March 1893.
    const before = at("1893-03-31T23:06:00Z");
    expect(offsetAt(at("1893-03-31T23:00:00Z"), "Europe/Berlin")).toBe(53 * 60_000 + 28_000);
    expect(offsetAt(before, "Europe/Berlin")).toBe(53 * 60_000 + 28_000);
    expect(offsetAt(before + 60_000, "Europe/Berlin")).toBe(H);
  });

  it("reads the offset of half-hour zones and half-hour DST", () => {
    expect(offsetAt(at("2026-01-15T00:00:00Z"), "Asia/Kolkata")).toBe(5.5 * H);
    expect(offsetAt(at("2026-01-15T00:00:00Z"), "Australia/Lord_Howe")).toBe(11 * H);
    expect(offsetAt(at("2026-07-15T00:00:00Z"), "Australia/Lord_Howe")).toBe(10.5 * H);
  });
});

describe("local day, week and month", () => {
  it.each([
    ["America/New_York", "2026-03-08", 23],
    ["America/New_York", "2026-11-01", 25],
    ["Europe/Berlin", "2026-03-29", 23],
    ["Europe/Berlin", "2026-10-25", 25],
    ["Asia/Kolkata", "2026-03-29", 24],
    ["Australia/Lord_Howe", "2026-04-05", 24.5],
    ["Australia/Lord_Howe", "2026-10-04", 23.5],
  ])("%s on %s lasts %s hours", (zone, date, hours) => {
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    expect(dayLength({ year, month, day }, zone)).toBe(hours * H);
  });

  it("starts the day at local midnight, on either side of a DST change", () => {
    expect(iso(startOfDay(at("2026-03-08T20:00:00Z"), "America/New_York"))).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(startOfDay(at("2026-03-09T03:00:00Z"), "America/New_York"))).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(startOfDay(at("2026-03-09T04:00:00Z"), "America/New_York"))).toBe("2026-03-09T04:00:00.000Z");
    expect(iso(startOfDay(at("2026-03-08T20:00:00Z"), "Asia/Kolkata"))).toBe("2026-03-08T18:30:00.000Z");
  });

  it("starts the day at the first existing time when DST skips midnight", () => {
    // Cuba springs forward at 00:00, so 8 March 2026 begins at 01:00 CDT.
    expect(iso(startOfDay(at("2026-03-08T12:00:00Z"), "America/Havana"))).toBe("2026-03-08T05:00:00.000Z");
  });

  it("starts the week on local Monday and the month on the local 1st", () => {
    // Sunday 22:00 in New York is already Monday in Berlin and Kolkata.
    const sundayNight = at("2026-03-16T02:00:00Z");
    expect(iso(startOfWeek(sundayNight, "America/New_York"))).toBe("2026-03-09T04:00:00.000Z");
    expect(iso(startOfWeek(sundayNight, "Europe/Berlin"))).toBe("2026-03-15T23:00:00.000Z");
    expect(iso(startOfWeek(sundayNight, "Asia/Kolkata"))).toBe("2026-03-15T18:30:00.000Z");
    expect(iso(startOfMonth(at("2026-03-31T20:00:00Z"), "Asia/Kolkata"))).toBe("2026-03-31T18:30:00.000Z");
    expect(iso(startOfMonth(at("2026-04-01T12:00:00Z"), "Australia/Lord_Howe"))).toBe(
      "2026-03-31T13:00:00.000Z",
    );
  });
});

const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Havana",
];

describe("calendar buckets in the org's zone", () => {
  it.each<[string, string, string, "day" | "week", string[]]>([
    // A lead at 23:00 in New York on Dec 2 is Dec 3 in UTC: it belongs to Dec 2.
    ["America/New_York", "2026-12-01T05:00:00Z", "2026-12-03T04:00:00Z", "day", ["2026-12-01", "2026-12-02"]],
    // A range ending now ends inside today's bucket, and today is a bucket.
    ["Europe/Berlin", "2026-12-02T23:00:00Z", "2026-12-03T09:00:00Z", "day", ["2026-12-03"]],
    // The 25-hour fall-back day and the 23-hour spring-forward day are one bucket each.
    ["America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", "day", ["2026-11-01"]],
    ["America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", "day", ["2026-03-08"]],
    // ISO weeks are labelled by their local Monday; Jan 1 2027 is a Friday of the week of Dec 28.
    ["Asia/Kolkata", "2026-12-27T18:30:00Z", "2027-01-04T18:30:00Z", "week", ["2026-12-28", "2027-01-04"]],
  ])("%s %s → %s by %s", (zone, from, to, unit, dates) => {
    expect(calendarBuckets(at(from), at(to), zone, unit).dates).toEqual(dates);
  });

  it("puts instants either side of a DST change in the local day they read", () => {
    const b = calendarBuckets(
      at("2026-10-31T04:00:00Z"),
      at("2026-11-03T05:00:00Z"),
      "America/New_York",
      "day",
    );
    expect(b.dates).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
    // 00:30 EDT and 23:30 EST on Nov 1 are 24 hours apart and the same local day.
    expect(bucketIndex(at("2026-11-01T04:30:00Z"), b)).toBe(1);
    expect(bucketIndex(at("2026-11-02T04:30:00Z"), b)).toBe(1);
    expect(bucketIndex(at("2026-11-02T05:00:00Z"), b)).toBe(2);
    expect(offsetPieces(at("2026-10-31T04:00:00Z"), at("2026-11-03T05:00:00Z"), "America/New_York")).toEqual([
      { until: at("2026-11-01T06:00:00Z"), offset: -4 * H },
      { until: Number.POSITIVE_INFINITY, offset: -5 * H },
    ]);
  });

  it("agrees with the zone's own day and week starts for any instant in any range", () => {
    const instant = fc.integer({ min: at("2024-01-01T00:00:00Z"), max: at("2028-01-01T00:00:00Z") });
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom("day" as const, "week" as const),
        instant,
        fc.integer({ min: 1, max: 120 * 24 * H }),
        fc.integer({ min: 0, max: 1 }),
        (zone, unit, from, span, pick) => {
          const to = from + span;
          const b = calendarBuckets(from, to, zone, unit);
          const t = pick ? to - 1 : from + Math.floor(span / 2);
          const start = unit === "day" ? startOfDay(t, zone) : startOfWeek(t, zone);
          expect(b.dates[bucketIndex(t, b)]).toBe(formatDate(toPlainDate(start, zone)));
          expect(bucketIndex(from, b)).toBe(0);
          expect(bucketIndex(to - 1, b)).toBe(b.dates.length - 1);
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });
});
