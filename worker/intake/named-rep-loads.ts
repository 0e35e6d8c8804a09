import { capWindows, loadFromTimes, type RepLoad } from "../core/routing/eligibility";
import { namedRepOf, type EligibilityCheck } from "../core/routing/target";
import type { AccountMatch } from "../core/account-match";
import type { Destination, RoutingConfig } from "../core/config-doc";
import type { LeadFacts } from "../core/lead-facts/types";
import type { Database } from "../db/client";
import { readRepLoad } from "../leads/rep-load-queries";
import { and, gt, inArray } from "drizzle-orm";
import { repAway } from "../db/schema";
import type { AwayRange } from "../team/rep-away";

/**
 * Each named rep's current load and "I'm out" override, read once and at the same time: a
 * named rep or account owner is held to its caps and absences like a team member. Team
 * destinations read nothing here (their object keeps the counters and the overrides).
 * `known` holds assignment instants already read (since `now - LOAD_LOOKBACK_MS`).
 */
export async function namedRepLoads(
  db: Database,
  config: RoutingConfig,
  destinations: Destination[],
  account: AccountMatch | undefined,
  facts: LeadFacts,
  now: number,
  known: Readonly<Record<string, readonly number[]>> = {},
): Promise<EligibilityCheck> {
  const loads = new Map<string, RepLoad>();
  const reps = new Set(destinations.map((d) => namedRepOf(d, account, facts)));
  const named = [...reps].filter((id): id is string => !!id && config.reps.some((r) => r.id === id));
  const [away] = await Promise.all([
    named.length ? awayOf(db, named, now) : new Map<string, AwayRange>(),
    ...[...reps].map(async (repId) => {
      const rep = repId ? config.reps.find((r) => r.id === repId) : undefined;
      if (!rep) return;
      const windows = capWindows(rep, now);
      const times = known[rep.id];
      // An account owner's recent assignments came with the account lookup: no extra read.
      loads.set(rep.id, times ? loadFromTimes(times, windows) : await readRepLoad(db, rep.id, windows));
    }),
  ]);
  return {
    now,
    loadOf: (repId) => loads.get(repId) ?? { dayCount: 0, weekCount: 0 },
    awayOf: (repId) => away.get(repId),
  };
}

/** The current or coming "I'm out" ranges of `repIds` (rep_away rows not yet over). */
async function awayOf(db: Database, repIds: string[], now: number): Promise<Map<string, AwayRange>> {
  const rows = await db
    .select({ repId: repAway.repId, start: repAway.startAt, end: repAway.endAt })
    .from(repAway)
    .where(and(inArray(repAway.repId, repIds), gt(repAway.endAt, now)));
  return new Map(rows.map((r) => [r.repId, { start: r.start, end: r.end }]));
}
