/** The routing config document: schema, validation, lint and JSON Schema export. */
export {
  routingConfigSchema,
  scoringSchema,
  regionSetSchema,
  territorySchema,
  ruleSetSchema,
  type RoutingConfig,
  type RoutingConfigInput,
  type Rep,
  type Team,
  type TeamMember,
  type Form,
  type FormField,
  type RuleSet,
  type Rule,
  type Condition,
  type LeafCondition,
  type Destination,
  type MeetingType,
  type SlaPolicy,
  type Territory,
  type RegionSet,
  type ScoringConfig,
  type DistributionMode,
} from "./schema";
export { conditionSchema, destinationSchema, walkCondition, MAX_CONDITION_DEPTH } from "./conditions";
export { repSchema, workingHoursSchema } from "./reps";
export { teamSchema, meetingTypeSchema, slaPolicySchema, distributionModeSchema } from "./teams";
export { formSchema, formFieldSchema } from "./forms";
export { isIanaTimeZone, minutesOfDay, ID_PATTERN } from "./primitives";
export { validateConfig, type ConfigError, type ValidationResult } from "./validate";
export { lintConfig, lintChecks, alwaysMatches, neverMatches, type LintFinding } from "./lint";
export { configJsonSchema } from "./json-schema";
export { notificationChannelsSchema, type NotificationChannels } from "./notifications";
export { signalsSchema, type SignalsConfig, type SignalTask } from "./signals";
export { inboundEmailSchema, type InboundEmailConfig, MAX_INBOUND_EMAIL_BYTES } from "./inbound-email";
