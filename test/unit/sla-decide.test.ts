import { describe, expect, it } from "vitest";
import { decideBreach, escalationTarget, type BreachInput } from "../../worker/core/sla-policy";

function input(extra: Partial<BreachInput> = {}): BreachInput {
  return {
    attempt: 0,
    policy: { maxReassignments: 2, escalateTo: { kind: "manager" } },
    hasConfirmedBooking: false,
    currentRepId: "b",
    triedRepIds: ["a"],
    managerId: "boss",
    ...extra,
  };
}

describe("decideBreach", () => {
  it("treats a confirmed booking as meeting the SLA", () => {
    expect(decideBreach(input({ hasConfirmedBooking: true }))).toEqual({
      kind: "satisfied",
      reason: "booked",
    });
  });

  it("ignores the booking when the policy says a booking does not count", () => {
    const policy = { maxReassignments: 2, bookedMeetingSatisfies: false };
    expect(decideBreach(input({ hasConfirmedBooking: true, policy })).kind).toBe("reassign");
  });

  it("reassigns excluding every rep already tried and the current one", () => {
    expect(decideBreach(input({ attempt: 1 }))).toEqual({ kind: "reassign", excludeRepIds: ["a", "b"] });
  });

  it("escalates once the reassignments are used up", () => {
    expect(decideBreach(input({ attempt: 2 }))).toEqual({
      kind: "escalate",
      target: { kind: "rep", repId: "boss", via: "manager" },
    });
    expect(decideBreach(input({ attempt: 0, policy: { maxReassignments: 0 } }))).toEqual({
      kind: "escalate",
      target: null,
    });
  });
});

describe("escalationTarget", () => {
  const base = { currentRepId: "b", managerId: "boss" };
  it.each([
    [{ kind: "manager" as const }, "boss", { kind: "rep", repId: "boss", via: "manager" }],
    [{ kind: "manager" as const }, undefined, null],
    [{ kind: "manager" as const }, "b", null],
    [{ kind: "rep" as const, repId: "closer" }, "boss", { kind: "rep", repId: "closer", via: "rep" }],
    [{ kind: "rep" as const, repId: "b" }, "boss", null],
    [{ kind: "team" as const, teamId: "t2" }, "boss", { kind: "team", teamId: "t2" }],
    [undefined, "boss", null],
  ])("resolves %j (manager %s)", (escalateTo, managerId, expected) => {
    expect(escalationTarget({ ...base, managerId, policy: { maxReassignments: 1, escalateTo } })).toEqual(
      expected,
    );
  });
});
