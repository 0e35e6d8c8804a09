/**
 * The fairness band of predictive mode as a hard constraint on who may take the next lead.
 *
 * Over the eligible reps, let `c_i` be rep i's effective count in the counting window
 * (assignments + calibration), `N = Σ c_i`, `s_i = w_i / W` its weighted target share and
 * `b` the band. The band is, after every lead T of the window:
 *
 *     ⌊(s_i − b)·T⌋  ≤  c_i(T)  ≤  ⌈(s_i + b)·T⌉
 *
 * i.e. every share within ±b of target, up to the rounding a whole lead forces early on.
 *
 * Upper side: rep j may take lead N + 1 only if `c_j + 1 ≤ ⌈(s_j + b)(N + 1)⌉`.
 *
 * Lower side, which a greedy one-step check cannot protect (two reps can fall due at once),
 * is kept *schedulable*. With `r_i = max(0, s_i − b)`, rep i owes `due_i(T) = ⌊r_i·T⌋ − c_i`
 * leads by lead T; these are unit jobs with deadlines, so they can all be met iff the slack
 * `σ(T) = (T − N) − Σ_i max(0, due_i(T))` is ≥ 0 for every future T (earliest deadline
 * first is optimal for unit jobs). Giving the lead to j lowers σ(T) by one for every T
 * before j's own first deadline `t_j`. So j keeps the schedule feasible iff σ ≥ 1 on
 * [N + 1, t_j), i.e. iff `t_j ≤ T*`, the first T with σ(T) ≤ 0 (any j when there is none).
 *
 * Invariant: from an empty window, σ(T) = T − Σ⌊r_i T⌋ ≥ T·(1 − Σ r_i) ≥ 0, and each allowed
 * choice keeps σ ≥ 0, so the lower side holds at every T (σ(N) ≥ 0 means nobody is overdue).
 * Some rep is always allowed: with no tight point, Σ⌈(s_j + b)(N + 1)⌉ > N leaves room for
 * one j under its upper bound; with a tight point T*, if every rep due by T* were at its
 * upper bound, summing their deadlines gives (N + 1)(1 + 2b·|J|) < N, a contradiction.
 * So for a fixed eligible set the band holds for any preference the model has, i.e. for any
 * outcome history (test/unit/distribution-predictive-band.test.ts checks it with fast-check).
 * When eligibility changes mid-window the state may start outside the band; then the caller
 * takes the weighted choice whenever nobody is allowed.
 */

// Targets are sums of float fractions; this keeps ⌊3.0000000001⌋ and ⌈2.9999999999⌉ honest.
const EPS = 1e-9;
/** Longest look-ahead; past it the scan assumes a tight point (conservative, never unsafe). */
const MAX_SCAN = 4096;

export type BandCheck = {
  /** Per rep, in input order: may it take the next lead without leaving the band? */
  allowed: boolean[];
  /** Per rep: its count would exceed ⌈(s + b)(N + 1)⌉. */
  overUpper: boolean[];
  /** The first future lead at which the owed leads exactly fill the slots; null = never. */
  tightAt: number | null;
};

/**
 * Who may take the next lead. `counts` are effective counts, `shares` target shares summing
 * to 1, both in the same rep order; `band` is the fraction b.
 */
export function fairnessBand(counts: readonly number[], shares: readonly number[], band: number): BandCheck {
  const k = counts.length;
  const n = counts.reduce((a, c) => a + c, 0);
  const next = n + 1;
  const rates = shares.map((s) => Math.max(0, s - band));
  const overUpper = counts.map((c, i) => c + 1 > Math.ceil((shares[i]! + band) * next - EPS) + EPS);
  const firstDue: (number | null)[] = Array.from({ length: k }, () => null);
  let tightAt: number | null = null;
  let t = next;
  for (; t < next + MAX_SCAN; t++) {
    let owed = 0;
    let bound = 0;
    for (let i = 0; i < k; i++) {
      const due = Math.ceil(Math.floor(rates[i]! * t + EPS) - counts[i]! - EPS);
      if (due > 0) {
        owed += due;
        firstDue[i] ??= t;
      }
      // A concave lower bound of σ: once it reaches 1 it stays ≥ 1 (its slope is ≥ 1 − Σ r ≥ 0).
      const c = counts[i]!;
      bound += Math.max(0, rates[i]! * t - c + (c - Math.floor(c + EPS)));
    }
    if (t - n - owed <= EPS) {
      tightAt = t;
      break;
    }
    if (t - n - bound >= 1 - EPS) break;
  }
  if (t >= next + MAX_SCAN) tightAt = t;
  const allowed = overUpper.map((over, i) => {
    if (over) return false;
    if (tightAt === null) return true;
    const due = firstDue[i] ?? null;
    return due !== null && due <= tightAt;
  });
  return { allowed, overUpper, tightAt };
}

/** The band as the trace and tests read it: the widest |share − target| over the reps. */
export function maxShareDeviation(counts: readonly number[], shares: readonly number[]): number {
  const n = counts.reduce((a, c) => a + c, 0);
  if (n === 0) return 0;
  return Math.max(...counts.map((c, i) => Math.abs(c / n - shares[i]!)));
}
