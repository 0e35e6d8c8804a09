import type { CronJob } from "../cron/jobs";
import { database, type Database } from "../db/client";
import {
  claimOutbox,
  failOutbox,
  finishOutbox,
  OUTBOX_DONE_RETENTION_MS,
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_PRUNE_BATCH,
  OUTBOX_SWEEP_GRACE_MS,
  pruneDoneOutbox,
  type OutboxRow,
} from "./outbox";
import { outboxHandlers, type OutboxAdapters, type OutboxHandler } from "./handlers";

/**
 * Runs outbox entries: claims them (so a concurrent sweep skips them), runs each kind's
 * handler and marks it done. A failure leaves the entry claimed until the lease runs out; the
 * sweep then tries again, up to OUTBOX_MAX_ATTEMPTS. Never throws.
 */
export async function dispatchOutbox(
  env: Env,
  now: number,
  which: { ids?: readonly string[]; createdBefore?: number; limit?: number },
  handlers: Readonly<Record<string, OutboxHandler>> = outboxHandlers,
  adapters: OutboxAdapters = {},
): Promise<{ done: number; failed: number }> {
  const db = database(env.DB);
  let rows: OutboxRow[];
  try {
    rows = await claimOutbox(db, now, which);
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "outbox claim failed", error: String(err) }));
    return { done: 0, failed: 0 };
  }
  // One after another, oldest first: a booking's entries (booked, then moved, then cancelled)
  // must reach the calendar in the order they happened.
  const outcomes: boolean[] = [];
  for (const row of rows.toSorted((a, b) => a.createdAt - b.createdAt))
    outcomes.push(await runOne(env, db, now, row, handlers, adapters));
  return { done: outcomes.filter(Boolean).length, failed: outcomes.filter((ok) => !ok).length };
}

async function runOne(
  env: Env,
  db: Database,
  now: number,
  row: OutboxRow,
  handlers: Readonly<Record<string, OutboxHandler>>,
  adapters: OutboxAdapters,
): Promise<boolean> {
  const handler = handlers[row.kind];
  try {
    if (!handler) throw new Error(`no outbox handler for "${row.kind}"`);
    await handler({ env, db, now, row, ...adapters });
    await finishOutbox(db, row.id, now);
    return true;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(
      JSON.stringify({ level: "warn", msg: "outbox entry failed", id: row.id, kind: row.kind, error }),
    );
    const giveUp = !handler || row.attempts >= OUTBOX_MAX_ATTEMPTS;
    await (giveUp ? finishOutbox(db, row.id, now, `gave up: ${error}`) : failOutbox(db, row.id, error)).catch(
      () => {},
    );
    return false;
  }
}

/**
 * Hands committed entries off after the answer: the visitor does not wait for them. If the
 * isolate dies first, `sweepOutbox` runs them on the next cron tick. Without a request
 * context (the cron, a direct call) they run before this returns.
 */
export async function handOff(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void } | undefined,
  ids: string[],
  now: number,
  /** The request's own adapters (its calendars), reused by the entries it hands off. */
  adapters: OutboxAdapters = {},
): Promise<void> {
  if (ids.length === 0) return;
  const run = dispatchOutbox(env, now, { ids }, outboxHandlers, adapters);
  if (ctx) ctx.waitUntil(run);
  else await run;
}

/** The cron's share: entries whose hand-off never happened, or failed, oldest first. */
export const sweepOutbox: CronJob = {
  name: "sweep-outbox",
  run: async ({ env, now }) =>
    dispatchOutbox(env, now, { createdBefore: now - OUTBOX_SWEEP_GRACE_MS, limit: 50 }),
};

/** Deletes entries finished cleanly more than OUTBOX_DONE_RETENTION_MS ago (capacity, issue 25). */
export const pruneOutbox: CronJob = {
  name: "prune-outbox",
  run: async ({ db, now }) => ({
    deleted: await pruneDoneOutbox(db, now - OUTBOX_DONE_RETENTION_MS, OUTBOX_PRUNE_BATCH),
  }),
};
