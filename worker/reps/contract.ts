import { z } from "zod";
import { OUTCOME_KINDS } from "../leads/outcomes";
import { workingHoursSchema } from "../core/config-doc/reps";
import { ConnectableProviderSchema } from "../calendars/contract";

/**
 * The rep workspace's wire shapes (`/v1/rep/*`), declared once; the dashboard's rep entry
 * point imports them as types.
 */

/** Ask for a sign-in link. The answer is the same whether or not the email is a rep's. */
export const MagicLinkRequest = z.strictObject({ email: z.string().trim().email().max(320) });
export type MagicLinkRequest = z.infer<typeof MagicLinkRequest>;

/** Trade a link's token (from the email, or a notice's accept link) for a session cookie. */
export const SessionRequest = z.strictObject({ token: z.string().min(10).max(4096) });
export type SessionRequest = z.infer<typeof SessionRequest>;

export const RepAwaySchema = z.object({
  startAt: z.number(),
  endAt: z.number(),
  reason: z.string().nullable(),
  setBy: z.string(),
  updatedAt: z.number(),
});
export type RepAway = z.infer<typeof RepAwaySchema>;

/** The admin's list of reps who marked themselves out (`GET /v1/admin/reps/away`). */
export const AwayList = z.object({ away: z.array(RepAwaySchema.extend({ repId: z.string() })) });
export type AwayList = z.infer<typeof AwayList>;

export const RepMe = z.object({
  rep: z.object({ id: z.string(), name: z.string(), email: z.string(), timezone: z.string() }),
  away: RepAwaySchema.nullable(),
});
export type RepMe = z.infer<typeof RepMe>;

export const RepAnswerSchema = z.object({ label: z.string(), value: z.string() });

/** One of the rep's leads: the current assignment when it is the rep's. */
export const RepLead = z.object({
  leadId: z.string(),
  assignmentId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  score: z.number().nullable(),
  tier: z.string().nullable(),
  status: z.string(),
  assignedAt: z.number(),
  acceptDeadline: z.number().nullable(),
  acceptedAt: z.number().nullable(),
  /** Why this rep, in one line, from the routing trace. */
  why: z.string(),
  answers: z.array(RepAnswerSchema),
});
export type RepLead = z.infer<typeof RepLead>;
export const RepLeads = z.object({ leads: z.array(RepLead), now: z.number() });
export type RepLeads = z.infer<typeof RepLeads>;

export const RepMeeting = z.object({
  bookingId: z.string(),
  leadId: z.string(),
  start: z.number(),
  end: z.number(),
  status: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  answers: z.array(RepAnswerSchema),
});
export type RepMeeting = z.infer<typeof RepMeeting>;
export const RepMeetings = z.object({ upcoming: z.array(RepMeeting), past: z.array(RepMeeting) });
export type RepMeetings = z.infer<typeof RepMeetings>;

/** "I'm out" from now until `until` (UTC ISO-8601 or epoch ms), at most 90 days ahead. */
export const AwayRequest = z.strictObject({
  until: z.union([z.string().datetime({ offset: true }), z.number().int()]),
  reason: z.string().trim().max(200).optional(),
});
export type AwayRequest = z.infer<typeof AwayRequest>;

/** Record what happened with one of the rep's leads (the admin API's outcome kinds). */
export const RepOutcomeRequest = z.strictObject({ kind: z.enum(OUTCOME_KINDS) });
export type RepOutcomeRequest = z.infer<typeof RepOutcomeRequest>;

/** How many workspace sessions a sign-out-everywhere revoked. */
export const SessionsRevokedSchema = z.object({ revoked: z.number() });

export const RepPathParam = z.object({
  repId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "repId", in: "path" } }),
});

/**
 * A rep's own weekly hours (`GET /v1/rep/hours`): as the live config has them, in the rep's
 * zone; `editable` when the org lets reps change them (`org.repsMayEditHours`).
 */
export const RepHours = z.object({
  workingHours: workingHoursSchema,
  timezone: z.string(),
  editable: z.boolean(),
});
export type RepHours = z.infer<typeof RepHours>;

/**
 * New weekly hours for the signed-in rep (`PUT /v1/rep/hours`). `repId` may be sent but must
 * be the session's own rep: anything else answers 403, never another rep's change.
 */
export const RepHoursRequest = z.strictObject({
  workingHours: workingHoursSchema,
  repId: z.string().max(100).optional(),
});
export type RepHoursRequest = z.infer<typeof RepHoursRequest>;

/** The rep's own calendar connection (`GET /v1/rep/calendar`), and whether the org lets the rep connect one. */
export const RepCalendar = z.object({
  allowed: z.boolean(),
  connection: z
    .object({
      provider: ConnectableProviderSchema,
      accountEmail: z.string().nullable(),
      status: z.enum(["connected", "broken", "revoked"]),
      updatedAt: z.number(),
    })
    .nullable(),
});
export type RepCalendar = z.infer<typeof RepCalendar>;

/** Start connecting the signed-in rep's own calendar; `repId`, if sent, must be the rep's own. */
export const RepCalendarConnectRequest = z.strictObject({
  provider: ConnectableProviderSchema,
  repId: z.string().max(100).optional(),
});
export type RepCalendarConnectRequest = z.infer<typeof RepCalendarConnectRequest>;
