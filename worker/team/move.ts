import { chooseRep, pickForSlot, releaseAssignment, type TeamState } from "../core/distribution";
import type { ModelStore } from "./model-store";
import type { TeamStore } from "./team-store";
import type { MoveInput, MoveResult, TeamConfigSlice } from "./team-rpc";
import { chooserInput, countedRow, record } from "./assignments";

type Outcome<R> = { result: R; state: TeamState };

/**
 * A manual move of a lead (an admin's reassignment), inside the team object so it and the SLA
 * sweep's `reassign` are ordered by the input gate: whichever comes second sees the first's
 * result. `fromRepId` is the rep the caller believes holds the lead; when the object says
 * otherwise, the lead moved meanwhile and the answer names its holder (`idempotent`), and a
 * named move to someone else is refused (`moved`), so two movers never both count.
 *
 * Counts follow the team's rules: the new rep is counted as for any assignment (the weighted
 * rule among just that rep for a named move, so caps and OOO still apply), and the old rep
 * gets its count back when the team's `releaseOnCancel` is on, since a manual move is not
 * the rep's doing. An SLA reassignment keeps the count (see reassignLead).
 */
export function moveLead(
  store: TeamStore,
  model: ModelStore,
  state: TeamState,
  input: MoveInput & { teamConfig: TeamConfigSlice },
): Outcome<MoveResult> {
  const lead = store.getLead(input.leadId);
  if (!lead || lead.status === "released") {
    return { result: { ok: false, reason: lead ? "released" : "unknown_lead", explanation: [] }, state };
  }
  if (lead.repId !== input.fromRepId) {
    const same = input.toRepId === undefined || input.toRepId === lead.repId;
    const result: MoveResult = same
      ? { ok: true, repId: lead.repId, previousRepId: input.fromRepId, idempotent: true, explanation: [] }
      : { ok: false, reason: "moved", repId: lead.repId, explanation: [] };
    return { result, state };
  }
  const base = { ...chooserInput(input.teamConfig, state, input.now), excludeRepIds: [lead.repId] };
  const choice = input.toRepId ? pickForSlot({ ...base, freeRepIds: [input.toRepId] }) : chooseRep(base);
  if (!choice.ok)
    return { result: { ok: false, reason: "no_eligible_rep", explanation: choice.explanation }, state };
  const credit = lead.status === "assigned" && input.teamConfig.team.distribution.releaseOnCancel;
  const next =
    lead.status === "assigned" ? releaseAssignment(choice.next, record(lead), credit) : choice.next;
  store.saveState(state, next);
  store.putLead({
    ...countedRow(input, state, next, choice.repId, choice.explanation),
    email: lead.email,
    assignedAt: lead.assignedAt,
    reassignments: lead.reassignments + 1,
  });
  const known = model.getLead(input.leadId);
  if (known) model.noteLead(known, choice.repId, input.now);
  return {
    result: {
      ok: true,
      repId: choice.repId,
      previousRepId: lead.repId,
      idempotent: false,
      credited: credit,
      explanation: choice.explanation,
    },
    state: next,
  };
}
