import { describe, expect, it } from "vitest";
import { repSlots } from "../../worker/core/slots";
import { ALL_DAY, DAY, HOUR, at, byLocalDate, grid, iso, rules, slotRep, wall } from "./slots-fixtures";

const starts = (rep: ReturnType<typeof slotRep>, from: number, to: number, step = 30) =>
  repSlots(rep, { rules: rules({ slotIntervalMinutes: step }), now: from, from, to }).map((s) => s.start);

// The day before, of and after every change: 09:00-17:00 must stay 09:00-17:00 on the wall.
const TRANSITIONS: [zone: string, day: string][] = [
  ["America/New_York", "2026-03-08"],
  ["America/New_York", "2026-11-01"],
  ["America/New_York", "2027-03-14"],
  ["America/New_York", "2027-11-07"],
  ["Europe/Berlin", "2026-03-29"],
  ["Europe/Berlin", "2026-10-25"],
  ["Europe/Berlin", "2027-03-28"],
  ["Europe/Berlin", "2027-10-31"],
  ["Australia/Sydney", "2026-04-05"],
  ["Australia/Sydney", "2026-10-04"],
  ["Australia/Adelaide", "2026-04-05"],
  ["Australia/Adelaide", "2026-10-04"],
  ["Australia/Lord_Howe", "2026-04-05"],
  ["Australia/Lord_Howe", "2026-10-04"],
  ["Pacific/Auckland", "2026-09-27"],
  ["America/Santiago", "2026-09-06"],
];

describe("09:00-17:00 across DST changes", () => {
  it.each(TRANSITIONS)("%s around %s keeps 09:00…16:30 local every day", (zone, day) => {
    const mid = at(`${day}T12:00:00Z`);
    const slots = starts(slotRep(zone), mid - 2 * DAY, mid + 2 * DAY);
    const local = byLocalDate(slots, zone);
    const dates = Object.keys(local).toSorted();
    expect(dates).toContain(day);
    // Whole days strictly inside the window; the window cuts the first and last.
    for (const date of dates.slice(1, -1)) expect(local[date], date).toEqual(grid("09:00", "17:00"));
  });

  it("moves the UTC time of 09:00 New York by an hour, not the wall time", () => {
    const slots = starts(slotRep("America/New_York"), at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"));
    const nine = slots.filter((s) => wall(s, "America/New_York").endsWith("09:00")).map(iso);
    expect(nine).toEqual([
      "2026-03-07T14:00:00.000Z",
      "2026-03-08T13:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
    ]);
  });
});

/** Slots of one local date for a rep working around the clock that day. */
function allDay(zone: string, date: string, step = 30) {
  const rep = slotRep(zone, { dateOverrides: [{ date, hours: ALL_DAY }] });
  const mid = at(`${date}T12:00:00Z`);
  const slots = starts(rep, mid - 2 * DAY, mid + 2 * DAY, step);
  return slots.filter((s) => wall(s, zone).startsWith(date));
}

describe("skipped and repeated hours", () => {
  it.each([
    ["America/New_York", "2026-03-08", ["02:00", "02:30"]],
    ["America/New_York", "2027-03-14", ["02:00", "02:30"]],
    ["Europe/Berlin", "2026-03-29", ["02:00", "02:30"]],
    ["Europe/Berlin", "2027-03-28", ["02:00", "02:30"]],
    ["Australia/Sydney", "2026-10-04", ["02:00", "02:30"]],
    ["America/Santiago", "2026-09-06", ["00:00", "00:30"]],
  ])("%s on %s offers nothing in the skipped hour", (zone, date, skipped) => {
    const times = allDay(zone, date).map((s) => wall(s, zone).slice(11));
    expect(times).toEqual(grid("00:00", "24:00").filter((t) => !skipped.includes(t)));
  });

  it("Lord Howe's half-hour spring-forward skips 02:00 and 02:15 only", () => {
    const times = allDay("Australia/Lord_Howe", "2026-10-04", 15).map((s) =>
      wall(s, "Australia/Lord_Howe").slice(11),
    );
    expect(times).toEqual(grid("00:00", "23:45", 15).filter((t) => t !== "02:00" && t !== "02:15"));
  });

  it.each([
    ["America/New_York", "2026-11-01", "01:00", "2026-11-01T05:00:00.000Z"],
    ["America/New_York", "2027-11-07", "01:30", "2027-11-07T05:30:00.000Z"],
    ["Europe/Berlin", "2026-10-25", "02:00", "2026-10-25T00:00:00.000Z"],
    ["Europe/Berlin", "2027-10-31", "02:30", "2027-10-31T00:30:00.000Z"],
    ["Australia/Sydney", "2026-04-05", "02:00", "2026-04-04T15:00:00.000Z"],
    ["Australia/Lord_Howe", "2026-04-05", "01:30", "2026-04-04T14:30:00.000Z"],
  ])("%s on %s offers %s once, at its first occurrence", (zone, date, time, instant) => {
    const slots = allDay(zone, date, 15);
    const times = slots.map((s) => wall(s, zone).slice(11));
    expect(times).toEqual(grid("00:00", "23:45", 15));
    expect(slots.filter((s) => wall(s, zone).endsWith(time)).map(iso)).toEqual([instant]);
  });

  it("keeps every meeting its real length when it spans a change", () => {
    const rep = slotRep("America/New_York", { dateOverrides: [{ date: "2026-03-08", hours: ALL_DAY }] });
    const from = at("2026-03-08T05:00:00Z");
    const slots = repSlots(rep, {
      rules: rules({ durationMinutes: 60 }),
      now: from,
      from,
      to: from + 6 * HOUR,
    });
    for (const s of slots) expect(s.end - s.start).toBe(HOUR);
    // 01:30 EST + 1 h = 03:30 EDT: allowed, it is wholly inside the working day.
    expect(slots.map((s) => wall(s.start, "America/New_York").slice(11))).toContain("01:30");
  });
});

describe("half-hour and 45-minute offsets", () => {
  it.each([
    ["Asia/Kolkata", "2026-06-15", "2026-06-15T03:30:00.000Z"],
    ["Asia/Kathmandu", "2026-06-15", "2026-06-15T03:15:00.000Z"],
    ["Australia/Adelaide", "2026-01-15", "2026-01-14T22:30:00.000Z"],
    ["Australia/Adelaide", "2026-06-15", "2026-06-14T23:30:00.000Z"],
    ["Australia/Lord_Howe", "2026-01-15", "2026-01-14T22:00:00.000Z"],
    ["Australia/Lord_Howe", "2026-06-15", "2026-06-14T22:30:00.000Z"],
    ["Pacific/Chatham", "2026-06-15", "2026-06-14T20:15:00.000Z"],
  ])("%s on %s starts its day at 09:00 local = %s", (zone, date, first) => {
    const slots = starts(slotRep(zone), at(`${date}T12:00:00Z`) - DAY, at(`${date}T12:00:00Z`) + DAY);
    const day = slots.filter((s) => wall(s, zone).startsWith(date));
    expect(iso(day[0]!)).toBe(first);
    expect(day.map((s) => wall(s, zone).slice(11))).toEqual(grid("09:00", "17:00"));
  });
});

describe("a visitor in another zone", () => {
  it("gets the rep's slots that fall in the visitor's own day, across two rep dates", () => {
    // Tokyo's Tuesday 10 March 2026 is Monday 11:00 to Tuesday 11:00 in New York (EDT).
    const from = at("2026-03-09T15:00:00Z");
    const slots = starts(slotRep("America/New_York"), from, from + DAY);
    expect(byLocalDate(slots, "America/New_York")).toEqual({
      "2026-03-09": grid("11:00", "17:00"),
      "2026-03-10": grid("09:00", "11:00"),
    });
    expect(byLocalDate(slots, "Asia/Tokyo")).toEqual({
      "2026-03-10": [...grid("00:00", "06:00"), ...grid("22:00", "24:00")],
    });
  });

  it("sees 09:00 New York move from 14:00 to 13:00 London while only the US has changed", () => {
    const slots = starts(slotRep("America/New_York"), at("2026-03-06T00:00:00Z"), at("2026-03-31T00:00:00Z"));
    const london = (d: string) =>
      slots.filter((s) => wall(s, "America/New_York") === `${d} 09:00`).map((s) => wall(s, "Europe/London"));
    expect(london("2026-03-06")).toEqual(["2026-03-06 14:00"]);
    expect(london("2026-03-09")).toEqual(["2026-03-09 13:00"]);
    expect(london("2026-03-30")).toEqual(["2026-03-30 14:00"]);
  });
});
