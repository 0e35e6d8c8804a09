import { isAbsent, type Candidate } from "./candidates";
import type { Share } from "./fairness";
import type { RepCounters, TeamState } from "./types";

/** What the team object keeps about one assignment so it can be released later. */
export type AssignmentRecord = {
  repId: string;
  /** The team sequence number this assignment took. */
  seq: number;
  /** The rep's `lastSeq` before it, restored when the turn is given back. */
  prevSeq: number;
  windowStart: number;
  dayStart: number;
  weekStart: number;
};

/** The counters of a candidate rolled to the current windows. */
function rolled(c: Candidate, calibration: number, away: boolean): RepCounters {
  return {
    windowStart: c.windows.windowStart,
    windowCount: c.windowCount,
    calibration,
    dayStart: c.windows.dayStart,
    dayCount: c.dayCount,
    weekStart: c.windows.weekStart,
    weekCount: c.weekCount,
    open: c.open,
    lastSeq: c.lastSeq,
    lastAssignedAt: c.lastAssignedAt,
    away,
    ...(c.bandBase > 0 ? { bandStart: c.windows.windowStart, bandBase: c.bandBase } : {}),
  };
}

/**
 * The state after assigning a lead to `repId`: its counts go up, calibrations are kept, and
 * every rep's presence is noted so that a rep who was absent is calibrated when it returns.
 * With `restart` (a predictive team whose present reps changed) every rep's band base is set
 * to its count before this lead. Only changed reps get new objects; the team object persists
 * exactly those.
 */
export function recordAssignment(
  state: TeamState,
  candidates: readonly Candidate[],
  shares: Map<string, Share>,
  repId: string,
  now: number,
  restart = false,
): TeamState {
  const seq = state.seq + 1;
  const reps: Record<string, RepCounters> = { ...state.reps };
  const seen = new Set<string>();
  for (const c of candidates) {
    seen.add(c.repId);
    const stored = state.reps[c.repId];
    const calibration = shares.get(c.repId)?.calibration ?? c.calibration;
    const absent = isAbsent(c);
    if (c.repId === repId) {
      const r = rolled(c, calibration, false);
      reps[c.repId] = {
        ...r,
        windowCount: r.windowCount + 1,
        dayCount: r.dayCount + 1,
        weekCount: r.weekCount + 1,
        open: r.open + 1,
        lastSeq: seq,
        lastAssignedAt: now,
      };
    } else if (absent) {
      // Only a known, present rep needs the flag written; a missing row already reads as away.
      if (stored && !stored.away) reps[c.repId] = { ...stored, away: true };
    } else if (!stored || stored.away || calibration !== c.calibration) {
      reps[c.repId] = rolled(c, calibration, false);
    }
  }
  // Reps removed from the team are absent too: if they are added back, they are calibrated.
  for (const [id, stored] of Object.entries(state.reps)) {
    if (!seen.has(id) && !stored.away) reps[id] = { ...stored, away: true };
  }
  if (restart)
    for (const c of candidates) {
      const r = reps[c.repId];
      // A rep without a row, or without leads in this window, has a base of 0 already.
      if (r && c.windowCount > 0)
        reps[c.repId] = { ...r, bandStart: c.windows.windowStart, bandBase: c.windowCount };
      else if (r?.bandBase) reps[c.repId] = { ...r, bandBase: 0 };
    }
  // `outside` (leads taken elsewhere) is the object's to change; it rides along untouched.
  return { ...state, seq, reps };
}

/**
 * The state after a lead leaves its rep. The open count always drops. With `credit` (a
 * cancelled meeting under `releaseOnCancel`, or a no-show), the counts it added are taken
 * back where their window is still current, and the rep gets its rotation turn back if it
 * has not been assigned since.
 */
export function releaseAssignment(state: TeamState, a: AssignmentRecord, credit: boolean): TeamState {
  const stored = state.reps[a.repId];
  if (!stored) return state;
  const next: RepCounters = { ...stored, open: Math.max(0, stored.open - 1) };
  if (credit) {
    if (stored.windowStart === a.windowStart) next.windowCount = Math.max(0, stored.windowCount - 1);
    if (stored.dayStart === a.dayStart) next.dayCount = Math.max(0, stored.dayCount - 1);
    if (stored.weekStart === a.weekStart) next.weekCount = Math.max(0, stored.weekCount - 1);
    if (stored.lastSeq === a.seq) next.lastSeq = a.prevSeq;
  }
  return { ...state, reps: { ...state.reps, [a.repId]: next } };
}
