import { z } from "zod";
import type { NotificationMessage } from "./channel";
import { PermanentDeliveryError, type Channel } from "./channel";
import type { OutcomeInput } from "../team/team-rpc";

/** The queue channel that carries outcome forwards the team object missed. */
export const TEAM_MODEL_CHANNEL = "team-model";

const payloadSchema = z.object({
  teamId: z.string().min(1).max(64),
  outcome: z.object({
    leadId: z.string().min(1).max(64),
    kind: z.string().min(1).max(32),
    repId: z.string().max(64).nullable().optional(),
    now: z.number().int().optional(),
  }),
});

/**
 * A forward that failed inline is retried through the notifications queue, so it gets the
 * same backoff, delivery log and dead-letter path as any notification. Recording an outcome
 * in the team object is idempotent per lead and label, so a redelivery counts nothing twice.
 */
export function teamModelMessage(teamId: string, outcome: OutcomeInput): NotificationMessage {
  return {
    id: `outcome-${outcome.leadId}-${outcome.kind}`,
    leadId: outcome.leadId,
    channel: TEAM_MODEL_CHANNEL,
    eventType: "outcome.recorded",
    target: `team:${teamId}`,
    payload: { teamId, outcome },
  };
}

/**
 * The outcome kind a team-model message id stands for, or null for other ids: redelivery
 * rebuilds the forward from it (the lead comes from the delivery's lead_id column).
 */
export function parseTeamModelId(id: string): { kind: string } | null {
  const m = /^outcome-.+-([a-z_]+)$/.exec(id);
  return m ? { kind: m[1]! } : null;
}

// A function declaration, not a const: the queue module imports this one and this one imports
// the queue module's error classes, and only a hoisted function is ready inside that cycle.
export async function teamModelChannel(...[message, env]: Parameters<Channel>): ReturnType<Channel> {
  const parsed = payloadSchema.safeParse(message.payload);
  if (!parsed.success) throw new PermanentDeliveryError("malformed team-model message");
  await env.TEAM.getByName(parsed.data.teamId).recordOutcome(parsed.data.outcome);
  return {};
}
