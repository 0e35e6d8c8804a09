import { z } from "zod";
import { boundedConditionSchema, destinationSchema } from "./conditions";
import { signalsSchema } from "./signals";
import { inboundEmailSchema } from "./inbound-email";
import { formFieldSchema, formSchema, hexColorSchema } from "./forms";
import {
  countrySchema,
  httpsUrlSchema,
  idSchema,
  issue,
  nameSchema,
  nonEmptyOneOf,
  reportDuplicates,
  subdivisionSchema,
  timeZoneSchema,
} from "./primitives";
import { privacySchema } from "./privacy";
import { checkReferences } from "./references";
import { notificationChannelsSchema } from "./notifications";
import { repSchema } from "./reps";
import { distributionModeSchema, meetingTypeSchema, slaPolicySchema, teamSchema } from "./teams";

export type { Condition, Destination, LeafCondition } from "./conditions";

/** Conditions worth points, and tiers by total score. */
export const scoringSchema = z
  .strictObject({
    rules: z
      .array(
        z.strictObject({
          id: idSchema,
          when: boundedConditionSchema,
          points: z.int().min(-1000).max(1000).describe("Added when `when` matches; may be negative."),
        }),
      )
      .max(200)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (r) => r.id, ["id"], "scoring rule id"))
      .describe("Every matching rule adds its points."),
    tiers: z
      .array(
        z.strictObject({
          name: idSchema.describe('Tier name, usable as the `tier` fact ("hot").'),
          minScore: z.int().describe("Lowest score in the tier."),
        }),
      )
      .max(20)
      .check((ctx) => {
        reportDuplicates(ctx, ctx.value, (t) => t.name, ["name"], "tier name");
        reportDuplicates(ctx, ctx.value, (t) => t.minScore, ["minScore"], "tier minScore");
      })
      .describe("A lead gets the tier with the highest minScore not above its score, or none."),
  })
  .meta({ id: "ScoringConfig", description: "Conditions worth points, and tiers by total score." });

/** A named set of countries (EMEA, DACH, ...), usable with the `in_region` operator. */
export const regionSetSchema = z
  .strictObject({
    id: idSchema,
    name: nameSchema,
    countries: z
      .array(countrySchema)
      .min(1)
      .max(250)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (c) => c, [], "country"))
      .meta({ uniqueItems: true })
      .describe("ISO 3166-1 alpha-2 codes."),
  })
  .meta({ id: "RegionSet", description: "A named set of countries, usable with the in_region operator." });

const POSTAL = /^[A-Z0-9][A-Z0-9 -]{0,9}$/;

const postalRangeSchema = z
  .strictObject({
    country: countrySchema,
    from: z.string().regex(POSTAL, "Must be an uppercase postal code").describe("First code, inclusive."),
    to: z.string().regex(POSTAL, "Must be an uppercase postal code").describe("Last code, inclusive."),
  })
  .check((ctx) => {
    // Ranges compare as strings, which orders codes correctly only when lengths agree
    // ("90000" < "96199", but "9" > "10000").
    const { from, to } = ctx.value;
    if (from.length !== to.length)
      issue(ctx, ["to"], "postal_range_length", "from and to must have equal length");
    else if (to < from)
      issue(ctx, ["to"], "postal_range_order", `Range ends (${to}) before it starts (${from})`);
  })
  .describe("An inclusive range of postal codes in one country, e.g. US 90000-96199.");

/** A named sales territory; a lead is inside when it matches any of the listed criteria. */
export const territorySchema = z
  .strictObject({
    id: idSchema,
    name: nameSchema,
    countries: z.array(countrySchema).max(250).optional().describe("Whole countries."),
    regions: z.array(idSchema).max(50).optional().describe("Ids of region sets."),
    subdivisions: z
      .array(subdivisionSchema)
      .max(500)
      .optional()
      .describe('ISO 3166-2 codes such as "US-CA".'),
    postalCodes: z.array(postalRangeSchema).max(1000).optional().describe("Postal code ranges."),
  })
  .check((ctx) => {
    const t = ctx.value;
    if (!t.countries?.length && !t.regions?.length && !t.subdivisions?.length && !t.postalCodes?.length) {
      issue(ctx, [], "empty_territory", "A territory needs countries, regions, subdivisions or postalCodes");
    }
  })
  .meta({
    id: "Territory",
    description: "A named sales territory; a lead is inside when it matches any criterion.",
    anyOf: nonEmptyOneOf(["countries", "regions", "subdivisions", "postalCodes"]),
  });

const ruleSchema = z
  .strictObject({
    id: idSchema.describe("Stable id, recorded on assignments and traces."),
    name: z.string().max(120).optional(),
    when: boundedConditionSchema,
    then: destinationSchema,
  })
  .meta({ id: "Rule", description: "If `when` matches, the lead goes to `then`." });

/** An ordered list of rules (first match wins) with a required fallback. */
export const ruleSetSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().max(120).optional(),
    rules: z
      .array(ruleSchema)
      .max(500)
      .check((ctx) => reportDuplicates(ctx, ctx.value, (r) => r.id, ["id"], "rule id"))
      .describe("Evaluated in order; the first match wins."),
    fallback: destinationSchema.describe("Used when no rule matches, so a lead is never dropped."),
  })
  .meta({
    id: "RuleSet",
    description: "An ordered list of rules (first match wins) with a required fallback.",
  });

const idsUnique =
  <T extends { id: string }>(what: string) =>
  (ctx: z.core.ParsePayload<T[]>) =>
    reportDuplicates(ctx, ctx.value, (x) => x.id, ["id"], `${what} id`);

const routingConfigObject = z.strictObject({
  $schema: z.string().optional().describe("Editor hint pointing at this JSON Schema; ignored by Baton."),
  schemaVersion: z.literal(1).describe("Document format version."),
  org: z
    .strictObject({
      name: nameSchema.describe("Organisation name, usable as {{org.name}}."),
      timezone: timeZoneSchema.describe("Default zone for reports and teams without one."),
      defaultCountry: countrySchema
        .optional()
        .describe("Assumed when neither the form nor geo gives a country."),
      branding: z
        .strictObject({
          logoUrl: httpsUrlSchema.optional().describe("Logo on the hosted form and booking pages."),
          primaryColor: hexColorSchema.optional().describe("Accent colour of the hosted pages."),
          backgroundColor: hexColorSchema.optional().describe("Page background of the hosted pages."),
        })
        .optional()
        .describe("Look of the hosted pages; a form's own theme colour wins on its page."),
      repsMayEditHours: z
        .boolean()
        .optional()
        .describe(
          "Reps may change their own weekly working hours in the rep workspace (each change publishes a version).",
        ),
      repsMayConnectCalendar: z
        .boolean()
        .optional()
        .describe("Reps may connect their own Google or Microsoft calendar from the rep workspace."),
    })
    .meta({ id: "Org", description: "The organisation." }),
  reps: z
    .array(repSchema)
    .max(2000)
    .check(idsUnique("rep"))
    .check((ctx) => reportDuplicates(ctx, ctx.value, (r) => r.email.toLowerCase(), ["email"], "rep email"))
    .describe("Everyone who can receive leads; ids and emails are unique."),
  teams: z.array(teamSchema).max(200).check(idsUnique("team")).describe("Teams that rules route to."),
  scoring: scoringSchema
    .default({ rules: [], tiers: [] })
    .describe("Lead scoring; its score and tier are facts."),
  regions: z
    .array(regionSetSchema)
    .max(100)
    .default([])
    .check(idsUnique("region"))
    .describe("Named country sets (EMEA, DACH, ...)."),
  territories: z
    .array(territorySchema)
    .max(500)
    .default([])
    .check(idsUnique("territory"))
    .describe("Named territories: countries, regions, subdivisions, postal ranges."),
  forms: z.array(formSchema).max(100).check(idsUnique("form")).describe("Forms the widget serves."),
  ruleSets: z
    .array(ruleSetSchema)
    .max(100)
    .check(idsUnique("rule set"))
    .describe("Routing rules; each form names one."),
  privacy: privacySchema.optional().describe("Data retention; applied by the minute cron."),
  notifications: notificationChannelsSchema
    .optional()
    .describe("Org-wide channels: every notice of every lead."),
  email: inboundEmailSchema
    .optional()
    .describe("Inbound email: messages to the configured addresses become leads (source email)."),
  signals: signalsSchema
    .optional()
    .describe("Buying signals (POST /v1/signals): decay, and which signals become tasks."),
});

/**
 * The whole routing config document. Parsing checks shape and every cross-reference
 * (ids that rules, teams and forms point at); prefer {@link validateConfig}, which never
 * throws and returns errors by path.
 */
export const routingConfigSchema = routingConfigObject
  .check(checkReferences)
  .meta({ title: "Baton routing config", description: "An organisation's whole routing setup." });

/** A parsed, valid routing config, defaults applied. */
// Derived from the unchecked object so that references.ts can name it without a type cycle.
export type RoutingConfig = z.output<typeof routingConfigObject>;
/** A routing config as written by an admin (defaults optional). */
export type RoutingConfigInput = z.input<typeof routingConfigSchema>;
export type Rep = z.output<typeof repSchema>;
export type Team = z.output<typeof teamSchema>;
export type TeamMember = Team["members"][number];
export type Form = z.output<typeof formSchema>;
export type FormField = z.output<typeof formFieldSchema>;
export type RuleSet = z.output<typeof ruleSetSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type MeetingType = z.output<typeof meetingTypeSchema>;
export type SlaPolicy = z.output<typeof slaPolicySchema>;
export type Territory = z.output<typeof territorySchema>;
export type RegionSet = z.output<typeof regionSetSchema>;
export type ScoringConfig = z.output<typeof scoringSchema>;
export type DistributionMode = z.output<typeof distributionModeSchema>;
