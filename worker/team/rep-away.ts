import type { Rep } from "../core/config-doc";
import type { TeamConfigSlice } from "./team-rpc";

/** A rep's own "I'm out" range (UTC ms, end exclusive), pushed to each of its teams' objects. */
export type AwayRange = { start: number; end: number };
export type AwayMap = Record<string, AwayRange>;

/**
 * The slice as the chooser should see it: each away rep gets its range as one more OOO
 * entry, so the config's absence rules apply unchanged, calibration on return included.
 * Returns the slice itself when nobody in it is away (the common case allocates nothing).
 */
export function withAway(slice: TeamConfigSlice, away: AwayMap): TeamConfigSlice {
  if (!slice.reps.some((r) => away[r.id])) return slice;
  const reps = slice.reps.map((rep): Rep => {
    const range = away[rep.id];
    if (!range) return rep;
    const entry = { start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() };
    return { ...rep, ooo: [...rep.ooo, entry] };
  });
  return { ...slice, reps };
}

/** The map after setting (or, with null, clearing) one rep's range; past ranges are dropped. */
export function updateAway(map: AwayMap, repId: string, range: AwayRange | null, now: number): AwayMap {
  const next: AwayMap = {};
  for (const [id, r] of Object.entries(map)) if (id !== repId && r.end > now) next[id] = r;
  if (range && range.end > now) next[repId] = range;
  return next;
}
