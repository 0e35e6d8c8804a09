import {
  meetingTypeSchema,
  type MeetingType,
  type Rep,
  type RoutingConfig,
  type Team,
} from "../core/config-doc";
import type { Database } from "../db/client";
import type { BookingRow } from "./booking-queries";
import { currentAssignment, leadWithSchedule, type LeadRow } from "../leads/lead-queries";
import { AppError } from "../errors";
import { teamSlice, type TeamConfigSlice } from "../team/team-rpc";

export type Assignment = NonNullable<Awaited<ReturnType<typeof currentAssignment>>>;

/** Everything scheduling needs to know about one lead, loaded once per request. */
export type LeadContext = {
  config: RoutingConfig;
  configVersion: number;
  lead: LeadRow;
  /** Null for a lead that was never routed (or is spam): it gets no slots and cannot book. */
  assignment: Assignment | null;
  team: Team | null;
  meetingType: MeetingType;
  /**
   * Reps whose slots the visitor sees: every active member for an availability team (the
   * rep is picked at booking), else the assigned rep alone.
   */
  candidates: Rep[];
  /** The lead's confirmed booking, when the loader read it (`loadLeadContext` does). */
  confirmed?: BookingRow | null;
};

/** The schema's default meeting: what a lead routed straight to a rep, with no team, books. */
export const DEFAULT_MEETING = meetingTypeSchema.parse({});

/**
 * Loads the lead, where it was routed and its confirmed booking, in one round trip; 404 when
 * there is no such lead. `by` a booking id for manage links.
 */
export async function loadLeadContext(
  db: Database,
  active: { version: number; config: RoutingConfig },
  by: string | { bookingId: string },
): Promise<LeadContext> {
  const found = await leadWithSchedule(db, typeof by === "string" ? { leadId: by } : by);
  const lead = found.lead;
  if (!lead) throw new AppError(404, "not_found", "No such lead.");
  // A spam lead answers like one with no rep, as intake does, so bots learn nothing.
  const assignment = lead.status === "spam" ? null : found.assignment;
  return { ...leadContextOf(active, lead, assignment), confirmed: found.confirmed };
}

/** The context of a lead whose row and assignment the caller already holds (intake does). */
export function leadContextOf(
  active: { version: number; config: RoutingConfig },
  lead: LeadRow,
  assignment: Assignment | null,
): LeadContext {
  const { config } = active;
  const team = assignment?.teamId ? (config.teams.find((t) => t.id === assignment.teamId) ?? null) : null;
  const base = { config, configVersion: active.version, lead, assignment, team };
  const meetingType = team?.meetingType ?? DEFAULT_MEETING;
  if (!assignment) return { ...base, meetingType, candidates: [] };
  return { ...base, meetingType, candidates: candidatesFor(config, team, assignment.repId) };
}

function candidatesFor(config: RoutingConfig, team: Team | null, repId: string): Rep[] {
  if (team?.distribution.mode === "availability") {
    const ids = new Set(team.members.map((m) => m.repId));
    return config.reps.filter((r) => ids.has(r.id) && r.active);
  }
  const rep = config.reps.find((r) => r.id === repId);
  return rep ? [rep] : [];
}

/** The lead's team's slice of the config, as the team object expects it on every call. */
export function leadTeamSlice(ctx: LeadContext): TeamConfigSlice | null {
  return ctx.team ? teamSlice(ctx.config, ctx.team, ctx.configVersion) : null;
}
