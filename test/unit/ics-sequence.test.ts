import * as fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  buildIcs,
  canceledEvent,
  itipMessage,
  movedEvent,
  openedEvent,
  type IcsEvent,
  type IcsMeeting,
} from "../../worker/core/ics";

const HOUR = 3_600_000;
const meetingAt = (start: number, stamp: number): IcsMeeting => ({
  stamp,
  start,
  end: start + HOUR / 2,
  summary: "Globex <> Rep",
  organizer: { email: "rep@baton.example", name: "Rep" },
  attendees: [
    { email: "jane@globex.example", name: "Jane" },
    { email: "rep@baton.example", name: "Rep" },
  ],
});

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const vevent = root.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return {
    method: root.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().getTime(),
    status: vevent.getFirstPropertyValue("status"),
  };
}

describe("one builtin event through book, reschedule, reschedule, cancel (RFC 5546)", () => {
  it("keeps the UID and raises SEQUENCE by one per change, as ical.js reads the invites", () => {
    const t0 = Date.parse("2026-03-04T09:30:00Z");
    const booked = openedEvent("b-1");
    const moved = movedEvent(booked, "b-2")!;
    const movedAgain = movedEvent(moved, "b-3")!;
    const canceled = canceledEvent(movedAgain);
    const sent = [
      [booked, t0],
      [moved, t0 + 2 * HOUR],
      [movedAgain, t0 + 4 * HOUR],
      [canceled, t0 + 4 * HOUR],
    ].map(([event, start], i) =>
      parse(buildIcs(itipMessage(event as IcsEvent, meetingAt(start as number, i)))),
    );

    expect(sent.map((m) => [m.method, m.uid, m.sequence, m.status])).toEqual([
      ["REQUEST", "b-1@baton", 0, "CONFIRMED"],
      ["REQUEST", "b-1@baton", 1, "CONFIRMED"],
      ["REQUEST", "b-1@baton", 2, "CONFIRMED"],
      ["CANCEL", "b-1@baton", 3, "CANCELLED"],
    ]);
    expect(sent.map((m) => m.start)).toEqual([t0, t0 + 2 * HOUR, t0 + 4 * HOUR, t0 + 4 * HOUR]);
    expect(canceled.bookingId).toBe("b-3");
  });

  it("counts a cancellation once however often it is retried, and never moves a canceled event", () => {
    const canceled = canceledEvent(openedEvent("b-9"));
    expect(canceled).toEqual({ uid: "b-9@baton", bookingId: "b-9", sequence: 1, canceled: true });
    expect(canceledEvent(canceledEvent(canceled))).toBe(canceled);
    expect(movedEvent(canceled, "b-10")).toBeNull();
  });

  it("raises SEQUENCE strictly by one per change over any chain of reschedules", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.boolean(), (moves, cancel) => {
        const chain: IcsEvent[] = [openedEvent("b-0")];
        for (let i = 1; i <= moves; i++) chain.push(movedEvent(chain.at(-1)!, `b-${i}`)!);
        if (cancel) chain.push(canceledEvent(chain.at(-1)!));
        const input = structuredClone(chain);
        chain.forEach((event, i) => {
          expect(event.uid).toBe("b-0@baton");
          expect(event.sequence).toBe(i);
        });
        expect(chain.at(-1)!.canceled).toBe(cancel);
        // Pure: every step returned a new state and left the earlier ones as they were.
        expect(chain).toEqual(input);
      }),
    );
  });
});
