import { capWindows, loadFromTimes, type RepLoad } from "../core/routing/eligibility";
import { namedRepOf, type EligibilityCheck } from "../core/routing/target";
import type { AccountMatch } from "../core/account-match";
import type { Destination, RoutingConfig } from "../core/config-doc";
import type { LeadFacts } from "../core/lead-facts/types";
import type { Database } from "../db/client";
import { readRepLoad } from "../leads/rep-load-queries";
import { getAway } from "../reps/away";

/**
 * Each named rep's current load, read once: a named rep or account owner is held to its caps
 * like a team member. Team destinations read nothing here (their object keeps the counters).
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
  const away = new Map<string, { start: number; end: number }>();
  const reps = new Set(destinations.map((d) => namedRepOf(d, account, facts)));
  await Promise.all(
    [...reps].map(async (repId) => {
      const rep = repId ? config.reps.find((r) => r.id === repId) : undefined;
      if (!rep) return;
      const windows = capWindows(rep, now);
      const times = known[rep.id];
      // An account owner's recent assignments came with the account lookup: no extra read
      // (and no read of its "I'm out" either, so as not to add a round trip; see the note in
      // docs/integrations-hubspot.md). Otherwise the rep's "I'm out" is read alongside its load.
      if (times) return void loads.set(rep.id, loadFromTimes(times, windows));
      const [load, out] = await Promise.all([readRepLoad(db, rep.id, windows), getAway(db, rep.id)]);
      loads.set(rep.id, load);
      if (out) away.set(rep.id, { start: out.startAt, end: out.endAt });
    }),
  );
  return {
    now,
    loadOf: (repId) => loads.get(repId) ?? { dayCount: 0, weekCount: 0 },
    awayOf: (repId) => away.get(repId),
  };
}
