import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs, icsMethod, type IcsInvite } from "../../worker/core/ics";
import { calendarType } from "../../worker/notify/email-channel";

const booked: IcsInvite = {
  method: "REQUEST",
  uid: "b-42@baton",
  sequence: 0,
  stamp: Date.parse("2026-03-01T10:00:00Z"),
  start: Date.parse("2026-03-04T09:30:00Z"),
  end: Date.parse("2026-03-04T10:00:00Z"),
  summary: "Globex <> Rep",
  organizer: { email: "rep@baton.example", name: "Rep" },
  attendees: [{ email: "jane@globex.example", name: "Jane" }],
};

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const vevent = root.getFirstSubcomponent("vevent")!;
  return { method: root.getFirstPropertyValue("method"), vevent, event: new ICAL.Event(vevent) };
}

describe("iTIP messages for one booking (RFC 5546)", () => {
  it("a cancellation is METHOD:CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED, labelled method=CANCEL", () => {
    const text = buildIcs({ ...booked, method: "CANCEL", sequence: 1, stamp: booked.stamp + 60_000 });
    const { method, vevent, event } = parse(text);
    expect(method).toBe("CANCEL");
    expect(event.uid).toBe(booked.uid);
    expect(event.sequence).toBeGreaterThan(booked.sequence);
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(icsMethod(text)).toBe("CANCEL");
    expect(calendarType(text)).toBe("text/calendar; method=CANCEL");
  });

  it("an update at a new time is METHOD:REQUEST with the same UID and a higher SEQUENCE", () => {
    const moved = { ...booked, sequence: 1, start: booked.start + 3_600_000, end: booked.end + 3_600_000 };
    const { method, vevent, event } = parse(buildIcs(moved));
    expect(method).toBe("REQUEST");
    expect([event.uid, event.sequence]).toEqual([booked.uid, 1]);
    expect(event.startDate.toJSDate().getTime()).toBe(moved.start);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(calendarType(buildIcs(moved))).toBe("text/calendar; method=REQUEST");
  });

  it("labels a calendar without METHOD as plain text/calendar", () => {
    expect(icsMethod("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).toBeNull();
    expect(calendarType("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).toBe("text/calendar");
  });
});
