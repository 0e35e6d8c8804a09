import { describe, expect, it } from "vitest";
import { parseNoticeId } from "../../worker/notify/delivery-queries";
import { parseTeamModelId, teamModelMessage } from "../../worker/notify/team-model-channel";

// Redelivery rebuilds a notice from its message id (which notice: kind and rep); whose it is
// comes from the lead_id column, which every message carries.
describe("delivery message ids", () => {
  it("reads kind and rep from a rep notice on every chat channel", () => {
    expect(parseNoticeId("slack:lead-1:assigned:ana")).toEqual({
      channel: "slack",
      kind: "assigned",
      repId: "ana",
    });
    expect(parseNoticeId("teams:lead-1:assigned:ana")).toMatchObject({ channel: "teams", repId: "ana" });
    expect(parseNoticeId("slack:lead-1:assigned:ana:team:sdr-na")).toMatchObject({ repId: "ana" });
    expect(parseNoticeId("webhook:lead-1:assigned:ana")).toBeNull();
    expect(parseNoticeId("email:lead-1:follow-up")).toBeNull();
  });

  it("round-trips a team-model forward's kind and carries its lead as a column", () => {
    const leadId = "0b8f2c1e-7a3d-4c55-9e21-5f6a7b8c9d0e";
    const message = teamModelMessage("sdr-na", { leadId, kind: "no_show" });
    expect(parseTeamModelId(message.id)).toEqual({ kind: "no_show" });
    expect(message.leadId).toBe(leadId);
    expect(parseTeamModelId("slack:x:assigned:ana")).toBeNull();
  });
});
