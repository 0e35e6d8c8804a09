import { accountFacts } from "../core/account-match";
import {
  decideSignalTask,
  signalFacts,
  signalTaskFacts,
  signalsSince,
  SIGNAL_TASK_FORM_ID,
} from "../core/signals";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { findAccountMatch } from "../accounts/account-lookup";
import { newLeadRow } from "../leads/lead-queries";
import { storeAndRoute } from "../leads/store-and-route";
import type { SignalOutcome } from "./contract";

const HOUR_MS = 3_600_000;

/** A stored, new signal, as the task rules see it. */
export type NewSignal = {
  id: string;
  eventId: string;
  domain: string;
  kind: string;
  strength: number;
  source: string;
};

type TaskContext = {
  env: Env;
  db: Database;
  now: number;
  active: ActiveConfig;
  ctx?: { waitUntil(p: Promise<unknown>): void };
};

/** Whether a new signal matches a signal task rule, with the facts it was decided on. */
async function taskFor(t: TaskContext, signal: NewSignal) {
  const halfLife = t.active.config.signals?.halfLifeDays ?? 14;
  const lookup = await findAccountMatch(
    t.db,
    { email_host: signal.domain, email_domain: signal.domain, is_free_email: false },
    t.now,
    signalsSince(t.now, halfLife),
  );
  const facts = signalTaskFacts(signal, {
    ...accountFacts(lookup.account),
    ...signalFacts(lookup.signals, t.now, halfLife),
  });
  return { decision: decideSignalTask(t.active.config, facts), account: lookup.account };
}

/**
 * Turns a new signal into a task when a task rule matches: a lead from the `signal:task`
 * source, routed through the same path as a form lead (distribution, assignment with its SLA
 * deadline, the outbox's notification and `lead.routed` webhook). At most one task per
 * account and rule in each cooldown window: the window is the lead's idempotency key, so the
 * unique index refuses a second one even when two requests race.
 */
export async function maybeCreateTask(t: TaskContext, signal: NewSignal): Promise<SignalOutcome["task"]> {
  if (!t.active.config.signals?.tasks.length) return undefined;
  const { decision, account } = await taskFor(t, signal);
  if (!decision.task) return undefined;
  const cooldown = t.active.config.signals.taskCooldownHours * HOUR_MS;
  const lead = newLeadRow(
    {
      formId: SIGNAL_TASK_FORM_ID,
      email: null,
      emailNormalized: null,
      fields: {
        company: account.account?.name ?? signal.domain,
        domain: signal.domain,
        signal_kind: signal.kind,
        signal_strength: signal.strength,
        signal_source: signal.source,
        signal_id: signal.eventId,
      },
      context: { source: "signal", signalTask: { ruleId: decision.ruleId, signalId: signal.id } },
      configVersion: t.active.version,
      idempotencyKey: `${decision.ruleId}:${signal.domain}:${Math.floor(t.now / cooldown)}`,
    },
    t.now,
  );
  const routed = await storeAndRoute({
    env: t.env,
    db: t.db,
    now: t.now,
    active: t.active,
    lead,
    ctx: t.ctx,
  });
  if (!routed) return undefined; // this window's task exists already
  return { leadId: lead.id, ruleId: decision.ruleId, status: routed.status };
}
