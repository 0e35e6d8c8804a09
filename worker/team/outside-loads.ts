import type { RoutingConfig } from "../core/config-doc";
import type { OutsideNote } from "./outside-store";

/**
 * Caps hold per rep across every destination. A named rep, account or CRM owner is checked
 * against D1 (every lead assigned to the rep, worker/leads/rep-load-queries.ts), but a team
 * object counts only the leads it chose itself. So after a lead is recorded, the outbox
 * (`lead.routed`, answer first) tells each team object of the rep's teams that the rep took
 * it: every team for a direct assignment, every team but the one that chose it otherwise
 * (`lead.reassigned` does the same for the new rep of a moved lead). The objects add these
 * to the rep's day and week counts for its caps, not to its fairness share.
 *
 * Limit: it is eventual. A lead decided before the note lands (the same instant elsewhere, the
 * next rows of an event list's batch, or while the outbox retries) does not see it, so a cap
 * can be passed by the leads decided meanwhile.
 * Not taken back when a meeting is cancelled (as D1's count is not).
 */
export async function noteRepLoad(
  env: Env,
  config: RoutingConfig,
  note: OutsideNote,
  /** The team whose object chose the rep and counted the lead itself, if any. */
  countedBy: string | null,
): Promise<void> {
  const teams = config.teams.filter(
    (t) => t.id !== countedBy && t.members.some((m) => m.repId === note.repId),
  );
  await Promise.all(teams.map((t) => env.TEAM.getByName(t.id).noteOutside(note)));
}

/**
 * An availability team picks the rep again at booking (and at a reschedule), among the members
 * free at the slot, and may move the lead to another member: that rep's other teams are told
 * too. A rep already told at routing is not counted twice (one note per lead and rep); other
 * modes never move a lead at booking, so they send nothing.
 */
export async function noteBookedRep(
  env: Env,
  config: RoutingConfig,
  booking: { leadId: string; repId: string; teamId: string | null },
  at: number,
): Promise<void> {
  const team = config.teams.find((t) => t.id === booking.teamId);
  if (team?.distribution.mode !== "availability") return;
  await noteRepLoad(env, config, { leadId: booking.leadId, repId: booking.repId, at }, team.id);
}
