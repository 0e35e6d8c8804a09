import {
  admit,
  CLOSED,
  recordFailure,
  recordSuccess,
  type BreakerPolicy,
  type BreakerState,
} from "../../core/enrichment/circuit-breaker";

/**
 * Open after 5 failures in a row, probe again after 30 s. With a 300 ms budget, a dead
 * enricher costs at most 5 × 300 ms of added latency per isolate before calls stop.
 */
export const ENRICHMENT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, cooldownMs: 30_000 };

/** Holds one breaker's state for the pure state machine in `core/enrichment/circuit-breaker`. */
export class CircuitBreaker {
  #state: BreakerState = CLOSED;
  readonly #policy: BreakerPolicy;
  readonly #clock: () => number;

  constructor(policy: BreakerPolicy = ENRICHMENT_BREAKER_POLICY, clock: () => number = Date.now) {
    this.#policy = policy;
    this.#clock = clock;
  }

  /** True when a call may go out now; false means answer `circuit_open` without calling. */
  tryAcquire(): boolean {
    const { allowed, state } = admit(this.#state, this.#policy, this.#clock());
    this.#state = state;
    return allowed;
  }

  success(): void {
    this.#state = recordSuccess(this.#state);
  }

  failure(): void {
    this.#state = recordFailure(this.#state, this.#policy, this.#clock());
  }

  get state(): BreakerState {
    return this.#state;
  }
}

// Per isolate, on purpose: sharing the state through a Durable Object would put a network
// hop in front of every enrichment call, the very latency the breaker exists to cap. Each
// isolate learns on its own within five calls.
const breakers = new Map<string, CircuitBreaker>();

/** The isolate's breaker for one enrichment endpoint. */
export function breakerFor(url: string): CircuitBreaker {
  let breaker = breakers.get(url);
  if (!breaker) breakers.set(url, (breaker = new CircuitBreaker()));
  return breaker;
}
