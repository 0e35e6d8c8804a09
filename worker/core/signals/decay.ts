import type { FactValue } from "../lead-facts/types";

/** One stored signal as decay needs it. */
export type SignalRecord = { kind: string; strength: number; occurredAt: number };

const DAY_MS = 86_400_000;
const round = (n: number) => Math.round(n * 10) / 10;
/**
 * Signals older than this many half-lives weigh under 1/16 of what they did and are left
 * out of the facts; the store may keep them (its bound is per account, by count).
 */
export const SIGNAL_HORIZON_HALF_LIVES = 4;

/** The oldest occurrence time whose signals still count at `now`. */
export function signalsSince(now: number, halfLifeDays: number): number {
  return now - SIGNAL_HORIZON_HALF_LIVES * halfLifeDays * DAY_MS;
}

/** `strength` weighed by its age: halved every `halfLifeDays`; a signal from the future counts fully. */
export function decayedStrength(signal: SignalRecord, now: number, halfLifeDays: number): number {
  const ageDays = Math.max(0, now - signal.occurredAt) / DAY_MS;
  return signal.strength * 2 ** (-ageDays / halfLifeDays);
}

/**
 * The `account.signals.*` facts of an account's signals at `now`: the decayed sum (`score`),
 * the strongest decayed signal, how many are inside the horizon, their kinds and the days
 * since the latest. None when no signal is inside the horizon, so `exists` reads naturally.
 * Pure; one decimal place keeps traces readable and decisions stable across runs.
 */
export function signalFacts(
  signals: readonly SignalRecord[],
  now: number,
  halfLifeDays: number,
): Record<string, FactValue> {
  const horizon = now - SIGNAL_HORIZON_HALF_LIVES * halfLifeDays * DAY_MS;
  const live = signals.filter((s) => s.occurredAt >= horizon);
  if (!live.length) return {};
  let score = 0;
  let strongest = 0;
  let latest = -Infinity;
  for (const s of live) {
    const d = decayedStrength(s, now, halfLifeDays);
    score += d;
    strongest = Math.max(strongest, d);
    latest = Math.max(latest, s.occurredAt);
  }
  return {
    "account.signals.score": round(score),
    "account.signals.strongest": round(strongest),
    "account.signals.count": live.length,
    "account.signals.kinds": [...new Set(live.map((s) => s.kind))].toSorted(),
    "account.signals.days_since_last": round(Math.max(0, now - latest) / DAY_MS),
  };
}
