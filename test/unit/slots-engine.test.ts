import { describe, expect, it } from "vitest";
import { bookedSpan, pooledSlots, repSlots, repsFreeAt, type SlotRep } from "../../worker/core/slots";
import {
  ALL_DAY,
  DAY,
  HOUR,
  MIN,
  at,
  byLocalDate,
  everyDay,
  grid,
  iso,
  rules,
  slotRep,
} from "./slots-fixtures";

// Monday 2 March 2026, 00:00 in Berlin (UTC+1): one ordinary working day ahead.
const MONDAY = at("2026-03-01T23:00:00Z");
const BERLIN = "Europe/Berlin";

function localTimes(rep: SlotRep, extra: Parameters<typeof rules>[0] = {}, now = MONDAY) {
  const slots = repSlots(rep, { rules: rules(extra), now, from: MONDAY, to: MONDAY + DAY });
  return (
    byLocalDate(
      slots.map((s) => s.start),
      BERLIN,
    )["2026-03-02"] ?? []
  );
}

const busyAt = (from: string, to: string) => ({
  start: at(`2026-03-02T${from}:00+01:00`),
  end: at(`2026-03-02T${to}:00+01:00`),
});

describe("repSlots", () => {
  it("offers the working day on the interval grid, ending when the meeting must end", () => {
    expect(localTimes(slotRep(BERLIN))).toEqual(grid("09:00", "17:00"));
    expect(localTimes(slotRep(BERLIN), { durationMinutes: 45, slotIntervalMinutes: 45 })).toEqual(
      grid("09:00", "16:15", 45),
    );
  });

  it("aligns the grid to each working block (lunch break, 13:15 restart)", () => {
    const hours = [
      { start: "09:00", end: "12:00" },
      { start: "13:15", end: "15:00" },
    ];
    const rep = slotRep(BERLIN, { workingHours: { mon: hours } });
    expect(localTimes(rep, { slotIntervalMinutes: 60 })).toEqual([
      "09:00",
      "10:00",
      "11:00",
      "13:15",
      "14:15",
    ]);
  });

  it("uses a date override instead of the weekday, and [] as a holiday", () => {
    const short = slotRep(BERLIN, {
      dateOverrides: [{ date: "2026-03-02", hours: [{ start: "10:00", end: "11:00" }] }],
    });
    expect(localTimes(short)).toEqual(["10:00", "10:30"]);
    expect(localTimes(slotRep(BERLIN, { dateOverrides: [{ date: "2026-03-02", hours: [] }] }))).toEqual([]);
  });

  it("drops slots overlapping OOO, but not slots that merely touch it", () => {
    const rep = slotRep(BERLIN, { ooo: [{ start: "2026-03-02T10:00:00Z", end: "2026-03-02T15:00:00Z" }] });
    expect(localTimes(rep, { bufferAfterMinutes: 30 })).toEqual([
      ...grid("09:00", "11:00"),
      ...grid("16:00", "17:00"),
    ]);
  });

  it("keeps buffers free of busy time, on both sides", () => {
    const rep = slotRep(BERLIN, { busy: [busyAt("12:00", "13:00")] });
    expect(localTimes(rep)).toEqual([...grid("09:00", "12:00"), ...grid("13:00", "17:00")]);
    expect(localTimes(rep, { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 })).toEqual([
      // 11:00 + 30 min + 30 min after = 12:00: touching is fine. 13:30 - 15 min before = 13:15.
      ...grid("09:00", "11:30"),
      ...grid("13:30", "17:00"),
    ]);
  });

  it("lets buffers reach outside working hours", () => {
    expect(localTimes(slotRep(BERLIN), { bufferBeforeMinutes: 60, bufferAfterMinutes: 60 })).toEqual(
      grid("09:00", "17:00"),
    );
  });

  it("respects minimum notice from now", () => {
    const now = at("2026-03-02T10:10:00+01:00");
    expect(localTimes(slotRep(BERLIN), { minimumNoticeMinutes: 120 }, now)).toEqual(grid("12:30", "17:00"));
  });

  it("offers nothing past the horizon", () => {
    const now = at("2026-03-01T13:00:00+01:00");
    expect(localTimes(slotRep(BERLIN), { horizonDays: 1 }, now)).toEqual(grid("09:00", "13:00"));
  });

  it("closes a day that holds dailyMaxPerRep bookings, and only that day", () => {
    const rep = slotRep(BERLIN, {
      booked: [at("2026-03-02T09:00:00+01:00"), at("2026-03-02T16:00:00+01:00")],
    });
    const slots = repSlots(rep, {
      rules: rules({ dailyMaxPerRep: 2 }),
      now: MONDAY,
      from: MONDAY,
      to: MONDAY + 2 * DAY,
    });
    expect(
      Object.keys(
        byLocalDate(
          slots.map((s) => s.start),
          BERLIN,
        ),
      ),
    ).toEqual(["2026-03-03"]);
    const under = repSlots(rep, {
      rules: rules({ dailyMaxPerRep: 3 }),
      now: MONDAY,
      from: MONDAY,
      to: MONDAY + DAY,
    });
    expect(under).toHaveLength(16);
  });

  it("counts every booking of a 25-hour fall-back date against a slot late on it", () => {
    // Nov 1 2026 in New York runs from 04:00Z to 05:00Z the next day (25 hours). A booking at
    // 00:15 EDT is more than 24 hours before a 23:30 EST slot, and still the same date.
    const NY = "America/New_York";
    const window = { start: at("2026-11-02T04:30:00Z"), end: at("2026-11-02T05:00:00Z") };
    const span = bookedSpan([slotRep(NY), slotRep("Asia/Kolkata")], window);
    expect(iso(span.start)).toBe("2026-11-01T04:00:00.000Z");
    // Kolkata's date (Nov 2, 10:00-10:30 IST) ends at 18:30Z; New York's ends at 05:00Z.
    expect(iso(span.end)).toBe("2026-11-02T18:30:00.000Z");
    const early = at("2026-11-01T04:15:00Z");
    const rep = slotRep(NY, { workingHours: everyDay(ALL_DAY), booked: [early] });
    const q = {
      rules: rules({ dailyMaxPerRep: 1 }),
      now: window.start - DAY,
      ...window,
      from: window.start,
      to: window.end,
    };
    expect(span.start <= early).toBe(true);
    expect(repSlots(rep, q)).toEqual([]);
    expect(repSlots({ ...rep, booked: [] }, q)).toHaveLength(1);
  });

  it("returns UTC intervals of the meeting's length", () => {
    const [first] = repSlots(slotRep(BERLIN), {
      rules: rules({ durationMinutes: 20 }),
      now: MONDAY,
      from: MONDAY,
      to: MONDAY + DAY,
    });
    expect({ start: iso(first!.start), end: iso(first!.end) }).toEqual({
      start: "2026-03-02T08:00:00.000Z",
      end: "2026-03-02T08:20:00.000Z",
    });
  });

  it("does not mutate its inputs", () => {
    const busy = [busyAt("15:00", "16:00"), busyAt("10:00", "11:00")];
    const rep = slotRep(BERLIN, { busy, booked: [3, 1, 2] });
    const copy = structuredClone(rep);
    repSlots(rep, { rules: rules({ dailyMaxPerRep: 5 }), now: MONDAY });
    expect(rep).toEqual(copy);
  });
});

describe("pooledSlots", () => {
  const a = slotRep(BERLIN, { id: "a", busy: [busyAt("09:00", "12:00")] });
  const b = slotRep("Europe/London", { id: "b", busy: [busyAt("14:00", "18:00")] });

  it("is the union of the reps' slots, with the reps free at each", () => {
    const pooled = pooledSlots([a, b], { rules: rules(), now: MONDAY, from: MONDAY, to: MONDAY + DAY });
    const at10 = pooled.find((s) => s.start === at("2026-03-02T10:00:00+01:00"));
    const at12 = pooled.find((s) => s.start === at("2026-03-02T12:00:00+01:00"));
    const at17 = pooled.find((s) => s.start === at("2026-03-02T17:00:00+01:00"));
    expect(at10?.repIds).toEqual(["b"]);
    expect(at12?.repIds).toEqual(["a", "b"]);
    expect(at17).toBeUndefined();
    expect(pooled.map((s) => s.start)).toEqual(pooled.map((s) => s.start).toSorted((x, y) => x - y));
    // London's 09:00-17:00 is 10:00-18:00 in Berlin, so the pool runs 10:00-14:00 and 12:00-17:00 (Berlin).
    expect(
      byLocalDate(
        pooled.map((s) => s.start),
        BERLIN,
      )["2026-03-02"],
    ).toEqual(grid("10:00", "17:00"));
  });

  it("names the reps free at one exact start", () => {
    const q = { rules: rules(), now: MONDAY };
    expect(repsFreeAt([a, b], q, at("2026-03-02T12:00:00+01:00"))).toEqual(["a", "b"]);
    expect(repsFreeAt([a, b], q, at("2026-03-02T12:10:00+01:00"))).toEqual([]);
    expect(repsFreeAt([a, b], q, at("2026-03-02T16:00:00+01:00") + 2 * HOUR + 5 * MIN)).toEqual([]);
  });
});
