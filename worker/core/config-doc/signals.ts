import { z } from "zod";
import { boundedConditionSchema, destinationSchema } from "./conditions";
import { idSchema, reportDuplicates } from "./primitives";

/**
 * A signal task rule: when a new buying signal (with its account's decayed totals) matches
 * `when`, a task goes to `then` (usually the account owner) with the team's SLA running.
 */
const signalTaskSchema = z
  .strictObject({
    id: idSchema.describe("Stable id, recorded on the task's assignment and trace."),
    name: z.string().max(120).optional(),
    when: boundedConditionSchema.describe(
      "Over signal.kind, signal.strength, signal.source, account.* and account.signals.*.",
    ),
    then: destinationSchema,
  })
  .meta({ id: "SignalTask", description: "If a new signal matches `when`, a task goes to `then`." });

/** Buying signals (POST /v1/signals): how they decay and which of them become tasks. */
export const signalsSchema = z
  .strictObject({
    halfLifeDays: z
      .number()
      .min(1)
      .max(365)
      .default(14)
      .describe("A signal's weight halves every this many days (account.signals.score)."),
    taskCooldownHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(24)
      .describe("At most one task per account and task rule in each window of this many hours."),
    tasks: z
      .array(signalTaskSchema)
      .max(20)
      .default([])
      .check((ctx) => reportDuplicates(ctx, ctx.value, (r) => r.id, ["id"], "signal task id"))
      .describe("Evaluated in order on each new signal; the first match creates a task, none: no task."),
  })
  .meta({ id: "Signals", description: "Account-level buying signals: decay and tasks." });

export type SignalsConfig = z.output<typeof signalsSchema>;
export type SignalTask = z.output<typeof signalTaskSchema>;
