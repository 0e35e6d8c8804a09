/**
 * A circuit breaker as a pure state machine: the caller keeps the state and passes `now`.
 *
 * closed → (N consecutive failures) → open → (cooldown elapsed) → half_open, which lets one
 * probe through: its success closes the circuit, its failure opens it again for a full
 * cooldown. While open, and while a probe is out, calls are refused without being made.
 */
export type BreakerState =
  | { kind: "closed"; failures: number }
  | { kind: "open"; openedAt: number }
  | { kind: "half_open"; probeAt: number };

export type BreakerPolicy = {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  cooldownMs: number;
};

export const CLOSED: BreakerState = { kind: "closed", failures: 0 };

/**
 * Whether a call may be made now, and the state to keep. Admitting from open moves to
 * half_open, so concurrent callers after the cooldown do not all pile onto a sick service.
 * A probe that never reports back (its isolate died mid-call) is given up on after one
 * cooldown, so the circuit cannot stay stuck half-open.
 */
export function admit(
  state: BreakerState,
  policy: BreakerPolicy,
  now: number,
): { allowed: boolean; state: BreakerState } {
  switch (state.kind) {
    case "closed":
      return { allowed: true, state };
    case "open":
      return now - state.openedAt >= policy.cooldownMs
        ? { allowed: true, state: { kind: "half_open", probeAt: now } }
        : { allowed: false, state };
    case "half_open":
      return now - state.probeAt >= policy.cooldownMs
        ? { allowed: true, state: { kind: "half_open", probeAt: now } }
        : { allowed: false, state };
  }
}

/** Any success closes the circuit and forgets earlier failures. */
export function recordSuccess(_state: BreakerState): BreakerState {
  return CLOSED;
}

/** A failure counts towards the threshold when closed, and reopens a half-open circuit at once. */
export function recordFailure(state: BreakerState, policy: BreakerPolicy, now: number): BreakerState {
  if (state.kind === "closed") {
    const failures = state.failures + 1;
    return failures >= policy.failureThreshold
      ? { kind: "open", openedAt: now }
      : { kind: "closed", failures };
  }
  // A late failure from a call admitted before the circuit opened keeps the original cooldown.
  if (state.kind === "open") return state;
  return { kind: "open", openedAt: now };
}
