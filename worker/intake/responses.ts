import type { BusyPrefetch } from "../booking/availability";
import type { Assignment } from "../booking/context";
import { slotsForSubmission } from "../booking/intake-slots";
import type { ActiveConfig } from "../config/store";
import { currentAssignment, type LeadRow } from "../leads/lead-queries";
import type { Database } from "../db/client";
import { signingKey, signToken } from "../security/signed-tokens";
import type { SubmissionResponse } from "./contract";
import { StageTimings } from "./server-timing";

/** A booking token lives as long as the longest booking horizon a team may configure. */
export const BOOKING_TOKEN_TTL_MS = 90 * 86_400_000;

function fillMessage(template: string, repName: string | null, orgName: string): string {
  return template
    .replaceAll("{{rep.name}}", repName ?? "our team")
    .replaceAll("{{org.name}}", orgName)
    .replace(/\{\{[^}]*\}\}/g, "");
}

/**
 * Builds the response for a stored lead. Used for the first answer and for replays
 * (Idempotency-Key, re-sent payloads): a replay reads the assignment, the first answer
 * passes the one it just wrote (`known`), which saves a D1 round trip.
 */
export async function responseForLead(
  db: Database,
  env: Env,
  active: ActiveConfig,
  lead: LeadRow,
  now: number,
  known?: { assignment: Assignment | null; prefetched?: BusyPrefetch },
  timings = new StageTimings(),
): Promise<SubmissionResponse> {
  const config = active.config;
  const form = config.forms.find((f) => f.id === lead.formId);
  // A spam lead answers like a routed one with no rep, so bots learn nothing.
  const assignment =
    lead.status === "spam" ? null : known ? known.assignment : await currentAssignment(db, lead.id);
  const rep = assignment ? config.reps.find((r) => r.id === assignment.repId) : undefined;
  const repName = assignment ? (rep?.name ?? assignment.repId) : null;
  const [bookingToken, slots] = await Promise.all([
    signingKey(env.ENCRYPTION_KEY).then((key) =>
      signToken({ p: "book", sub: lead.id, exp: lead.createdAt + BOOKING_TOKEN_TTL_MS }, key),
    ),
    assignment && repName
      ? timings.time("slots", slotsForSubmission(env, db, active, lead, assignment, now, known?.prefetched))
      : [],
  ]);
  return {
    leadId: lead.id,
    status: lead.status === "spam" ? "received" : lead.status,
    assignment:
      assignment && repName
        ? {
            repId: assignment.repId,
            repName,
            repPhotoUrl: rep?.photoUrl ?? null,
            teamId: assignment.teamId,
            ruleId: assignment.ruleId,
          }
        : null,
    slots,
    bookingToken,
    message: fillMessage(
      form?.noSlotMessage ?? "Thanks! We will be in touch shortly.",
      repName,
      config.org.name,
    ),
  };
}
