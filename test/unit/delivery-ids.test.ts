import { describe, expect, it } from "vitest";
import { parseInviteId, parseNoticeId } from "../../worker/notify/delivery-queries";
import { parseTeamModelId, teamModelMessage } from "../../worker/notify/team-model-channel";

// The delivery log groups attempts by message id, and the dashboard finds a delivery's lead
// from that id alone: each kind of id must parse back to what it was built from.
describe("delivery message ids", () => {
  it("reads the booking from every builtin invite, including the old rep's cancel", () => {
    for (const who of ["lead", "rep", "rep-removed"]) {
      expect(parseInviteId(`b-123@baton:2:${who}`)).toEqual({ bookingId: "b-123" });
    }
    expect(parseInviteId("b-123@baton:2:someone")).toBeNull();
  });

  it("reads lead, kind and rep from a rep notice", () => {
    expect(parseNoticeId("slack:lead-1:assigned:ana")).toEqual({
      channel: "slack",
      leadId: "lead-1",
      kind: "assigned",
      repId: "ana",
    });
    expect(parseNoticeId("slack:lead-1:assigned:ana:team:sdr-na")).toMatchObject({ repId: "ana" });
    expect(parseNoticeId("webhook:lead-1:assigned:ana")).toBeNull();
  });

  it("round-trips a team-model forward's id, uuid dashes and all", () => {
    const leadId = "0b8f2c1e-7a3d-4c55-9e21-5f6a7b8c9d0e";
    const { id } = teamModelMessage("sdr-na", { leadId, kind: "no_show" });
    expect(parseTeamModelId(id)).toEqual({ leadId, kind: "no_show" });
    expect(parseTeamModelId("slack:x:assigned:ana")).toBeNull();
  });
});
