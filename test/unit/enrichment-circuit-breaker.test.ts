import { describe, expect, it } from "vitest";
import {
  admit,
  CLOSED,
  recordFailure,
  recordSuccess,
  type BreakerPolicy,
  type BreakerState,
} from "../../worker/core/enrichment/circuit-breaker";
import { CircuitBreaker } from "../../worker/intake/enrichment/circuit-breaker";

const POLICY: BreakerPolicy = { failureThreshold: 3, cooldownMs: 30_000 };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function failTimes(state: BreakerState, n: number, now = T0): BreakerState {
  let s = state;
  for (let i = 0; i < n; i++) s = recordFailure(s, POLICY, now);
  return s;
}

describe("circuit breaker state machine", () => {
  it("stays closed and admits calls below the failure threshold", () => {
    const state = failTimes(CLOSED, 2);
    expect(state).toEqual({ kind: "closed", failures: 2 });
    expect(admit(state, POLICY, T0).allowed).toBe(true);
  });

  it("opens on the threshold-th consecutive failure and refuses calls during the cooldown", () => {
    const open = failTimes(CLOSED, 3);
    expect(open).toEqual({ kind: "open", openedAt: T0 });
    expect(admit(open, POLICY, T0 + 29_999)).toEqual({ allowed: false, state: open });
  });

  it("counts only consecutive failures: a success in between starts the count again", () => {
    const state = failTimes(recordSuccess(failTimes(CLOSED, 2)), 2);
    expect(state).toEqual({ kind: "closed", failures: 2 });
  });

  it("lets exactly one probe through once the cooldown has passed", () => {
    const open = failTimes(CLOSED, 3);
    const probe = admit(open, POLICY, T0 + 30_000);
    expect(probe).toEqual({ allowed: true, state: { kind: "half_open", probeAt: T0 + 30_000 } });
    expect(admit(probe.state, POLICY, T0 + 30_001).allowed).toBe(false);
  });

  it("closes after a successful probe", () => {
    const { state } = admit(failTimes(CLOSED, 3), POLICY, T0 + 30_000);
    expect(recordSuccess(state)).toEqual(CLOSED);
  });

  it("reopens for a full cooldown after a failed probe", () => {
    const { state } = admit(failTimes(CLOSED, 3), POLICY, T0 + 30_000);
    const reopened = recordFailure(state, POLICY, T0 + 30_300);
    expect(reopened).toEqual({ kind: "open", openedAt: T0 + 30_300 });
    expect(admit(reopened, POLICY, T0 + 60_000).allowed).toBe(false);
    expect(admit(reopened, POLICY, T0 + 60_300).allowed).toBe(true);
  });

  it("gives up on a probe that never reported back after one cooldown", () => {
    const { state } = admit(failTimes(CLOSED, 3), POLICY, T0 + 30_000);
    expect(admit(state, POLICY, T0 + 59_999).allowed).toBe(false);
    expect(admit(state, POLICY, T0 + 60_000).allowed).toBe(true);
  });

  it("keeps the original cooldown when a late failure lands on an open circuit", () => {
    const open = failTimes(CLOSED, 3);
    expect(recordFailure(open, POLICY, T0 + 10_000)).toBe(open);
  });

  it("never mutates the state it is given", () => {
    const state = Object.freeze({ kind: "closed", failures: 2 }) as BreakerState;
    expect(() => recordFailure(state, POLICY, T0)).not.toThrow();
    expect(state).toEqual({ kind: "closed", failures: 2 });
  });
});

describe("CircuitBreaker (per-isolate holder)", () => {
  it("follows the state machine on an injected clock", () => {
    let now = T0;
    const breaker = new CircuitBreaker(POLICY, () => now);
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.tryAcquire()).toBe(false);
    now += 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.success();
    expect(breaker.state).toEqual(CLOSED);
    expect(breaker.tryAcquire()).toBe(true);
  });
});
