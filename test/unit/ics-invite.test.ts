import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs, foldLine, type IcsInvite } from "../../worker/core/ics";

const invite: IcsInvite = {
  method: "REQUEST",
  uid: "booking-7f3c@baton",
  sequence: 0,
  stamp: Date.parse("2026-03-01T10:00:00Z"),
  start: Date.parse("2026-03-02T08:00:00Z"),
  end: Date.parse("2026-03-02T08:30:00Z"),
  summary: "Globex, Inc. <> Diego Álvarez; intro",
  description: `Notes from the form:\nWe need routing for 40 reps, ${"très urgent ".repeat(12)}\\ end`,
  location: "https://meet.example/abc",
  organizer: { email: "diego.alvarez@baton.example", name: "Diego Álvarez" },
  attendees: [
    { email: "jane@globex.example", name: 'Jane "JD" Doe' },
    { email: "diego.alvarez@baton.example", name: "Diego Álvarez" },
  ],
};

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const vevent = root.getFirstSubcomponent("vevent")!;
  return { root, vevent, event: new ICAL.Event(vevent) };
}

describe("buildIcs", () => {
  it("round-trips its key fields through ical.js", () => {
    const { root, vevent, event } = parse(buildIcs(invite));
    expect(root.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(event.uid).toBe(invite.uid);
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().getTime()).toBe(invite.start);
    expect(event.endDate.toJSDate().getTime()).toBe(invite.end);
    expect(event.summary).toBe(invite.summary);
    expect(event.description).toBe(invite.description);
    expect(event.location).toBe(invite.location);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const attendees = event.attendees.map((a) => [a.getFirstValue(), a.getParameter("cn")]);
    expect(attendees).toEqual([
      ["mailto:jane@globex.example", "Jane 'JD' Doe"],
      ["mailto:diego.alvarez@baton.example", "Diego Álvarez"],
    ]);
    expect(vevent.getFirstProperty("organizer")!.getParameter("cn")).toBe("Diego Álvarez");
  });

  it("cancels the same event with a higher sequence", () => {
    const { root, vevent, event } = parse(buildIcs({ ...invite, method: "CANCEL", sequence: 2 }));
    expect(root.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(event.uid).toBe(invite.uid);
    expect(event.sequence).toBe(2);
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("uses CRLF and folds every line to 75 octets without splitting a character", () => {
    const text = buildIcs(invite);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    for (const line of text.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const folded = foldLine(`X:${"é".repeat(60)}`);
    expect(folded.replaceAll("\r\n ", "")).toBe(`X:${"é".repeat(60)}`);
    expect(folded).not.toContain("\uFFFD");
  });
});
