import { z } from "zod";
import { factSchema } from "./conditions";
import {
  httpsUrlSchema,
  idSchema,
  nameSchema,
  reportDuplicates,
  templateSchema,
  timeZoneSchema,
} from "./primitives";
import { notificationChannelsSchema } from "./notifications";

/** How a team picks a rep for a lead. */
export const distributionModeSchema = z
  .enum(["round_robin", "weighted", "availability", "least_loaded", "predictive"])
  .meta({
    id: "DistributionMode",
    description:
      "round_robin: strict rotation; weighted: furthest below weighted target; availability: union of slots, weighted pick at booking; least_loaded: fewest open leads; predictive: best conversion within a fairness band.",
  });

const memberSchema = z
  .strictObject({
    repId: idSchema.describe("A rep in `reps`."),
    weight: z.number().positive().max(1000).default(1).describe("Relative share under weighted modes."),
    priority: z.int().min(-100).max(100).default(0).describe("Tie-break: higher wins."),
  })
  .meta({ id: "TeamMember", description: "A rep's membership in a team." });

/** One dimension of the predictive model's segments: a lead fact, optionally cut into bands. */
const segmentSchema = z
  .strictObject({
    fact: factSchema,
    bands: z
      .array(z.number())
      .min(1)
      .max(20)
      .check((ctx) => {
        if (ctx.value.some((v, i) => i > 0 && v <= ctx.value[i - 1]!)) {
          ctx.issues.push({ code: "custom", input: ctx.value, message: "Bands must be strictly ascending" });
        }
      })
      .optional()
      .describe(
        "Cut points for a numeric fact: [50, 250] gives the bands <50, 50–250 and ≥250. Without bands the fact's value is the segment.",
      ),
  })
  .meta({ id: "PredictiveSegment", description: "A lead fact the conversion model segments by." });

const predictiveSchema = z
  .strictObject({
    segments: z
      .array(segmentSchema)
      .max(4)
      .default([])
      .describe(
        "Facts that split conversion per rep, e.g. tier × region × employees bands; none = one segment.",
      ),
    minObservations: z
      .int()
      .min(0)
      .max(100_000)
      .default(20)
      .describe(
        "Reported outcomes in the lead's segment before the model is used; fewer = the weighted rule.",
      ),
    priorStrength: z
      .number()
      .positive()
      .max(1000)
      .default(2)
      .describe("Pseudo-outcomes of the prior, centred on the segment's pooled conversion."),
    features: z
      .array(segmentSchema)
      .max(16)
      .default([])
      .describe(
        "Facts the model learns rep edges on besides the segments' (numbers need bands); see autoFeatures.",
      ),
    autoFeatures: z
      .boolean()
      .default(true)
      .describe(
        "Also learn on every descriptive fact of the lead (short strings and booleans; not email, company, URLs).",
      ),
    exploration: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .describe(
        "Width of the Thompson draws as a share of the posterior's (1 = plain Thompson sampling, 0 = its mean); the band already sends every rep some leads.",
      ),
    halfLifeDays: z
      .number()
      .min(1)
      .max(365)
      .default(45)
      .describe("Evidence halves in weight every this many days, so the model follows a rep who changes."),
    maturityDays: z
      .int()
      .min(1)
      .max(180)
      .default(30)
      .describe(
        "A lead without an outcome counts as the share of a trial that conversions reach by its age, in full from this age on.",
      ),
    memoryDays: z
      .int()
      .min(7)
      .max(730)
      .default(180)
      .describe("Evidence older than this many days is dropped; bounds the team object's model state."),
  })
  .meta({
    id: "PredictiveSettings",
    description:
      "Predictive mode: a decaying, maturity-weighted model of each rep's edge on the lead's facts, Thompson sampling inside the fairness band. Absent = the defaults.",
  });

const distributionSchema = z
  .strictObject({
    mode: distributionModeSchema,
    countingWindow: z
      .enum(["day", "week", "month"])
      .default("week")
      .describe("Period over which shares and targets are counted."),
    calibration: z
      .enum(["average", "catch_up"])
      .default("average")
      .describe(
        "A rep joining or back from OOO starts at the team average (average) or is owed the missed share (catch_up).",
      ),
    requireWorkingHours: z.boolean().default(false).describe("Only reps inside working hours are eligible."),
    dedupeWindowDays: z
      .int()
      .min(0)
      .max(365)
      .default(30)
      .describe("Same email within this many days returns the existing lead and rep; 0 disables."),
    fairnessBand: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Predictive mode: most a rep's share may drift from target, as a fraction (0.1 = 10 points); default 0.1.",
      ),
    predictive: predictiveSchema.optional(),
    releaseOnCancel: z.boolean().default(true).describe("A cancelled meeting gives the rep's turn back."),
  })
  .describe("How the team distributes leads.");

const locationSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("google_meet") })
    .describe("A Google Meet link on the event (google calendar)."),
  z
    .strictObject({ kind: z.literal("teams") })
    .describe("A Microsoft Teams link on the event (microsoft calendar)."),
  z.strictObject({ kind: z.literal("phone") }).describe("The rep calls the visitor's phone."),
  z
    .strictObject({ kind: z.literal("url"), url: httpsUrlSchema.describe("Meeting link.") })
    .describe("A fixed link."),
  z
    .strictObject({
      kind: z.literal("in_person"),
      address: z.string().min(1).max(300).describe("Street address."),
    })
    .describe("An in-person address."),
]);

const minutes = (max: number) => z.int().min(0).max(max);

/** The meeting a visitor books with the team. */
export const meetingTypeSchema = z
  .strictObject({
    titleTemplate: templateSchema(200)
      .default("{{lead.company}} <> {{rep.name}}")
      .describe("Event title; placeholders {{lead.*}}, {{rep.*}}, {{team.*}}, {{org.*}}."),
    durationMinutes: z.int().min(5).max(480).default(30).describe("Meeting length."),
    bufferBeforeMinutes: minutes(240)
      .default(0)
      .describe(
        "Free time required before the meeting: only busy time blocks it; it may reach into OOO and outside working hours.",
      ),
    bufferAfterMinutes: minutes(240)
      .default(0)
      .describe(
        "Free time required after the meeting: only busy time blocks it; it may reach into OOO and outside working hours.",
      ),
    minimumNoticeMinutes: minutes(43_200).default(60).describe("Earliest bookable start, from now."),
    horizonDays: z
      .int()
      .min(1)
      .max(90)
      .default(14)
      .describe(
        "How far ahead slots are offered, in 24-hour days from now (not local dates), the same for every rep of a pool.",
      ),
    slotIntervalMinutes: z.int().min(5).max(240).default(30).describe("Spacing of offered start times."),
    dailyMaxPerRep: z
      .int()
      .positive()
      .max(100)
      .optional()
      .describe("Most meetings of this type per rep per day, counted by the rep's local date."),
    location: locationSchema.default({ kind: "google_meet" }).describe("Where the meeting happens."),
  })
  .meta({
    id: "MeetingType",
    description:
      "The meeting a visitor books with the team. Slot starts sit on a grid of slotIntervalMinutes in the rep's wall-clock time from the start of each working block; a wall time that a DST change repeats is offered once (its first occurrence) and one it skips is not offered. OOO blocks the meeting itself, not its buffers. Time zones follow the runtime's time-zone data (Intl in workerd), so a zone's rule change applies when the runtime updates.",
  });

/** How fast a rep must accept a lead, and what happens when they do not. */
export const slaPolicySchema = z
  .strictObject({
    acceptWithinMinutes: z
      .int()
      .min(1)
      .max(10_080)
      .default(30)
      .describe("Time to accept before reassignment."),
    workingTime: z.boolean().default(false).describe("Count only the rep's working hours."),
    maxReassignments: z.int().min(0).max(10).default(2).describe("Reassignments before escalating."),
    bookedMeetingSatisfies: z
      .boolean()
      .default(true)
      .describe("A confirmed booking counts as meeting the SLA (no reassignment once booked)."),
    escalateTo: z
      .discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("manager") }).describe("The assigned rep's manager."),
        z.strictObject({ kind: z.literal("rep"), repId: idSchema }).describe("A named rep."),
        z
          .strictObject({ kind: z.literal("team"), teamId: idSchema })
          .describe("Another team's distribution."),
      ])
      .optional()
      .describe(
        "Who gets the lead after the last reassignment; none means it stays put and admins are told.",
      ),
  })
  .meta({
    id: "SlaPolicy",
    description: "How fast a rep must accept a lead, and what happens when they do not.",
  });

/** A team of reps sharing a distribution mode, meeting type and SLA. */
export const teamSchema = z
  .strictObject({
    id: idSchema.describe("Stable id, referenced by rules."),
    name: nameSchema,
    timezone: timeZoneSchema.optional().describe("Zone used for team-level windows; defaults to the org's."),
    members: z
      .array(memberSchema)
      .max(500)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (m) => m.repId, ["repId"], "member"))
      .describe("Reps in the team."),
    distribution: distributionSchema,
    meetingType: meetingTypeSchema.prefault({}),
    sla: slaPolicySchema.prefault({}),
    notifications: notificationChannelsSchema.optional().describe("Team-wide notice channels."),
  })
  .meta({ id: "Team", description: "A team of reps sharing a distribution mode, meeting type and SLA." });
