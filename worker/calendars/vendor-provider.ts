/**
 * What the Google and Microsoft providers share around their vendor calls: the admin's notice
 * of a broken connection, each call's retry budget, and the split of reps into those the
 * vendor can be asked about and those with the reason why not. What a rep's calendar is (a
 * Google calendar id, an Outlook mailbox) stays in each provider's `target`.
 */
import type { NotificationMessage } from "../notify/channel";
import type { Database } from "../db/client";
import { findConnections, type CalendarConnection } from "./connection-queries";
import type { Clock, RetryContext } from "./google/retry";
import type { BrokenNotifier } from "./oauth/credentials";
import { CalendarError, type BusyResult } from "./provider";

type Vendor = "google" | "microsoft";
const vendorName = { google: "Google", microsoft: "Microsoft" } as const;

/** A rep's calendar and credential, or the reason there is none (e.g. `google:not_connected`). */
export type TargetOf<T> = (repId: string, conn: CalendarConnection | undefined) => T | string;

/**
 * Tells the admin through the notifications queue: a background busy() call has no admin
 * actor to write an audit entry for, and the connections endpoint shows the state anyway.
 */
export function queueBrokenNotifier(env: Env, provider: Vendor): BrokenNotifier {
  return async (notice) => {
    const message: NotificationMessage = {
      id: crypto.randomUUID(),
      channel: "admin",
      eventType: "calendar.broken",
      target: `rep:${notice.repId}`,
      payload: { provider, ...notice },
    };
    await env.NOTIFICATIONS.send(message);
  };
}

/** The retry context of one call whose whole budget, retries included, is `ms`. */
export function retryBudget(
  clock: Clock,
  opts: { random?: () => number; deadlineSignal?: (ms: number) => AbortSignal },
): (ms: number) => RetryContext {
  return (ms) => ({
    clock,
    random: opts.random ?? Math.random,
    deadline: clock.now() + ms,
    signal: opts.deadlineSignal ? opts.deadlineSignal(ms) : AbortSignal.timeout(ms),
    maxAttempts: 4,
    baseDelayMs: 250,
  });
}

/**
 * Busy time of the reps `target` finds a calendar for, read by `read`; each other rep goes to
 * `reasonsTo` with its reason (`unavailable`, or `fallback` for a provider that offers a dead
 * connection's rep on Baton's own busy time).
 */
export async function busyOfReps<T>(p: {
  db: Database;
  vendor: Vendor;
  repIds: readonly string[];
  target: TargetOf<T>;
  read: (targets: T[]) => Promise<BusyResult>;
  reasonsTo: "unavailable" | "fallback";
}): Promise<BusyResult> {
  let connections: CalendarConnection[];
  try {
    connections = await findConnections(p.db, p.repIds);
  } catch {
    // The contract is "never throws": without D1 no rep's calendar can be read.
    return {
      busy: new Map(),
      unavailable: new Map(p.repIds.map((id) => [id, `${p.vendor}:connections_unreadable`])),
    };
  }
  const byRep = new Map(connections.map((c) => [c.repId, c]));
  const targets: T[] = [];
  const reasons = new Map<string, string>();
  for (const repId of p.repIds) {
    const t = p.target(repId, byRep.get(repId));
    if (typeof t === "string") reasons.set(repId, t);
    else targets.push(t);
  }
  const result = await p.read(targets);
  const into = p.reasonsTo === "fallback" ? result.fallback! : result.unavailable;
  for (const [repId, reason] of reasons) into.set(repId, reason);
  return result;
}

/** The calendar an event of `repId` is written to; a CalendarError when the rep has none. */
export async function eventTargetOf<T>(db: Database, vendor: Vendor, repId: string, target: TargetOf<T>) {
  const [conn] = await findConnections(db, [repId]);
  const t = target(repId, conn);
  if (typeof t === "string")
    throw new CalendarError(
      `No usable ${vendorName[vendor]} calendar for rep ${repId} (${t})`,
      "auth_broken",
      false,
    );
  return t;
}
