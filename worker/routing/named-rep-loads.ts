import { capWindows, type RepLoad } from "../core/assignment/eligibility";
import { namedRepOf, type EligibilityCheck } from "../core/assignment/target";
import type { AccountMatch } from "../core/accounts";
import type { Destination, RoutingConfig } from "../core/config";
import type { Database } from "../db/client";
import { readRepLoad } from "../db/rep-load";

/**
 * Each named rep's current load, read once: a named rep or account owner is held to its caps
 * like a team member. Team destinations read nothing here (their object keeps the counters).
 */
export async function namedRepLoads(
  db: Database,
  config: RoutingConfig,
  destinations: Destination[],
  account: AccountMatch | undefined,
  now: number,
): Promise<EligibilityCheck> {
  const loads = new Map<string, RepLoad>();
  const reps = new Set(destinations.map((d) => namedRepOf(d, account)));
  await Promise.all(
    [...reps].map(async (repId) => {
      const rep = repId ? config.reps.find((r) => r.id === repId) : undefined;
      if (rep) loads.set(rep.id, await readRepLoad(db, rep.id, capWindows(rep, now)));
    }),
  );
  return { now, loadOf: (repId) => loads.get(repId) ?? { dayCount: 0, weekCount: 0 } };
}
