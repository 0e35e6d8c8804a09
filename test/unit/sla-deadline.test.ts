import { describe, expect, it } from "vitest";
import { repSchema } from "../../worker/core/config-doc";
import { acceptDeadline } from "../../worker/core/sla-policy";

const weekdays = [{ start: "09:00", end: "17:00" }];
function rep(timezone: string, extra: Record<string, unknown> = {}) {
  return repSchema.parse({
    id: "r1",
    name: "R",
    email: "r@example.com",
    timezone,
    workingHours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
    ...extra,
  });
}
const working = (acceptWithinMinutes: number) => ({ acceptWithinMinutes, workingTime: true });
const at = (iso: string) => Date.parse(iso);

describe("acceptDeadline", () => {
  it("counts wall-clock minutes when the policy does not ask for working time", () => {
    const assignedAt = at("2026-03-06T21:30:00Z");
    expect(
      acceptDeadline({
        assignedAt,
        policy: { acceptWithinMinutes: 60, workingTime: false },
        rep: rep("UTC"),
      }),
    ).toBe(assignedAt + 3_600_000);
  });

  it.each([
    ["inside one working day", "America/New_York", "2026-12-01T15:00:00Z", 30, "2026-12-01T15:30:00Z"],
    [
      "from before hours, starting at 09:00",
      "America/New_York",
      "2026-12-01T12:00:00Z",
      30,
      "2026-12-01T14:30:00Z",
    ],
    ["across the night", "America/New_York", "2026-12-03T21:00:00Z", 120, "2026-12-04T15:00:00Z"],
    // Friday 16:30 EST → Monday 09:30 EDT: the weekend and the spring-forward Sunday (8 March) do not count.
    [
      "across a weekend and US spring-forward",
      "America/New_York",
      "2026-03-06T21:30:00Z",
      60,
      "2026-03-09T13:30:00Z",
    ],
    // Friday 16:30 CET → Monday 09:30 CEST (Europe springs forward on 29 March).
    [
      "across a weekend and EU spring-forward",
      "Europe/Berlin",
      "2026-03-27T15:30:00Z",
      60,
      "2026-03-30T07:30:00Z",
    ],
    // Friday 16:30 EDT → Monday 09:30 EST (fall-back Sunday 1 November).
    [
      "across a weekend and US fall-back",
      "America/New_York",
      "2026-10-30T20:30:00Z",
      60,
      "2026-11-02T14:30:00Z",
    ],
    // Friday 16:45 IST: 15 minutes that day, 15 on Monday from 09:00 IST.
    ["in a half-hour zone", "Asia/Kolkata", "2026-12-04T11:15:00Z", 30, "2026-12-07T03:45:00Z"],
  ])("counts only working time %s", (_name, zone, assigned, minutes, due) => {
    expect(
      new Date(
        acceptDeadline({ assignedAt: at(assigned), policy: working(minutes), rep: rep(zone) }),
      ).toISOString(),
    ).toBe(new Date(at(due)).toISOString());
  });

  it("skips the rep's out-of-office days", () => {
    const ooo = [{ start: "2026-03-09T00:00:00-04:00", end: "2026-03-10T00:00:00-04:00" }];
    const due = acceptDeadline({
      assignedAt: at("2026-03-06T21:30:00Z"),
      policy: working(60),
      rep: rep("America/New_York", { ooo }),
    });
    expect(new Date(due).toISOString()).toBe("2026-03-10T13:30:00.000Z");
  });

  it("falls back to wall-clock time for a rep with no working hours at all", () => {
    const assignedAt = at("2026-03-06T21:30:00Z");
    expect(acceptDeadline({ assignedAt, policy: working(60), rep: rep("UTC", { workingHours: {} }) })).toBe(
      assignedAt + 3_600_000,
    );
  });
});
