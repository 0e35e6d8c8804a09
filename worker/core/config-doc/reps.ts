import { z } from "zod";
import {
  dayHoursSchema,
  emailSchema,
  httpsUrlSchema,
  idSchema,
  issue,
  languageSchema,
  nameSchema,
  reportDuplicates,
  timeZoneSchema,
  verticalSchema,
} from "./primitives";
import { slackWebhookUrlSchema, teamsWebhookUrlSchema } from "./notifications";

/** Weekly working hours in the rep's local wall-clock time; a missing day is a day off. */
export const workingHoursSchema = z
  .strictObject({
    mon: dayHoursSchema.optional(),
    tue: dayHoursSchema.optional(),
    wed: dayHoursSchema.optional(),
    thu: dayHoursSchema.optional(),
    fri: dayHoursSchema.optional(),
    sat: dayHoursSchema.optional(),
    sun: dayHoursSchema.optional(),
  })
  .meta({
    id: "WorkingHours",
    description: "Weekly hours in the rep's local time, per weekday; a missing or empty day is a day off.",
  });

const dateOverrideSchema = z.strictObject({
  date: z.iso.date().describe("Local calendar date, YYYY-MM-DD."),
  hours: dayHoursSchema.describe("Hours that replace the weekly hours on that date; [] means a day off."),
});

const oooSchema = z
  .strictObject({
    start: z.iso.datetime({ offset: true }).describe("ISO-8601 instant, e.g. 2026-08-03T00:00:00Z."),
    end: z.iso.datetime({ offset: true }).describe("ISO-8601 instant; exclusive."),
    reason: z.string().max(200).optional().describe("Shown to admins only."),
  })
  .check((ctx) => {
    if (Date.parse(ctx.value.end) <= Date.parse(ctx.value.start)) {
      issue(ctx, ["end"], "end_before_start", "OOO end must be after its start");
    }
  });

const capsSchema = z
  .strictObject({
    perDay: z.int().positive().optional().describe("Most new assignments per local day."),
    perWeek: z.int().positive().optional().describe("Most new assignments per local week (Mon-Sun)."),
  })
  .check((ctx) => {
    const { perDay, perWeek } = ctx.value;
    if (perDay !== undefined && perWeek !== undefined && perDay > perWeek) {
      issue(ctx, ["perDay"], "caps_inconsistent", `perDay (${perDay}) cannot exceed perWeek (${perWeek})`);
    }
  });

const calendarSchema = z.discriminatedUnion("provider", [
  z.strictObject({ provider: z.literal("builtin") }).describe("Only bookings Baton stores count as busy."),
  z
    .strictObject({
      provider: z.literal("google"),
      calendarId: z.string().min(1).max(256).optional().describe("Defaults to the rep's primary calendar."),
    })
    .describe("Google Calendar free/busy and events."),
  z
    .strictObject({
      provider: z.literal("microsoft"),
      mailbox: emailSchema
        .optional()
        .describe("Outlook mailbox whose calendar is used; defaults to the rep's email."),
    })
    .describe("Outlook calendar through Microsoft Graph: getSchedule free/busy and events."),
]);

/** A sales rep who can receive leads. */
export const repSchema = z
  .strictObject({
    id: idSchema.describe("Stable id, referenced by teams, rules and accounts."),
    name: nameSchema.describe("Full name, shown to visitors."),
    email: emailSchema.describe("Where invites and notifications go."),
    timezone: timeZoneSchema.describe("IANA zone of the rep's working hours."),
    photoUrl: httpsUrlSchema.optional().describe("Avatar shown in the widget."),
    title: z.string().max(120).optional().describe("Job title shown in the widget."),
    workingHours: workingHoursSchema.default({}),
    dateOverrides: z
      .array(dateOverrideSchema)
      .max(366)
      .default([])
      .check((ctx) => reportDuplicates(ctx, ctx.value, (o) => o.date, ["date"], "date override"))
      .describe("Per-date exceptions to the weekly hours (holidays, short days)."),
    ooo: z
      .array(oooSchema)
      .max(100)
      .default([])
      .describe("Out-of-office ranges; the rep gets no leads then."),
    skills: z
      .strictObject({
        languages: z
          .array(languageSchema)
          .max(20)
          .default([])
          .describe('Languages spoken, e.g. ["en", "de"].'),
        verticals: z
          .array(verticalSchema)
          .max(50)
          .default([])
          .describe('Verticals covered, e.g. ["fintech"].'),
      })
      .default({ languages: [], verticals: [] })
      .describe("Used by skill destinations."),
    caps: capsSchema.default({}).describe("Capacity caps on new assignments."),
    calendar: calendarSchema
      .default({ provider: "builtin" })
      .describe("Where busy time comes from and events go."),
    managerId: idSchema.optional().describe("Rep id of the manager; SLA escalations can go there."),
    active: z.boolean().default(true).describe("Inactive reps keep their history but receive no leads."),
    notify: z
      .strictObject({
        email: z.boolean().optional().describe("Email on new assignment (default on)."),
        slackWebhookUrl: slackWebhookUrlSchema.optional().describe("Slack incoming-webhook URL."),
        teamsWebhookUrl: teamsWebhookUrlSchema
          .optional()
          .describe("Teams Workflows webhook URL of the rep's own chat or channel."),
      })
      .optional()
      .describe("Notification channels."),
  })
  .meta({ id: "Rep", description: "A sales rep who can receive leads." });
