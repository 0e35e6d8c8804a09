/**
 * The fairness band of predictive mode as a hard constraint on who may take the next lead.
 *
 * Over the eligible reps, let `c_i` be rep i's effective count in the counting window
 * (assignments + calibration), `N = Σ c_i`, `s_i = w_i / W` its weighted target share, `b` the
 * band, `r_i = max(0, s_i − b)` and `u_i = s_i + b`. The guarantee, after every lead T:
 *
 *     strict, T ≥ N₀ = ⌈2/b⌉:  ⌈r_i·T⌉ ≤ c_i(T) ≤ ⌊u_i·T⌋, i.e. |c_i/T − s_i| ≤ b exactly;
 *     relaxed, T < N₀:         ⌊r_i·T⌋ ≤ c_i(T) ≤ ⌈u_i·T⌉, i.e. within b + 1/T.
 *
 * The strict band cannot hold for small T (two equal reps, b = 0.1: ⌈0.4⌉ > ⌊0.6⌋ at T = 1),
 * hence the switch. Bounds with a switch at S (S = ∞: relaxed only):
 *   floor  `L_i(T)` = ⌊r_i T⌋ for T < S, ⌈r_i T⌉ for T ≥ S (non-decreasing in T);
 *   ceiling `Ū_i(T)` = min over T' ≥ T of (⌈u_i T'⌉ if T' < S else ⌊u_i T'⌋)
 *                    = min(⌈u_i T⌉, ⌊u_i S⌋) for T < S, ⌊u_i T⌋ for T ≥ S (non-decreasing).
 * Ū looks ahead because counts never fall: a rep at ⌈u_i T⌉ just before S could sit above
 * ⌊u_i S⌋ for good.
 *
 * Upper side: rep j may take lead N + 1 only if `c_j + 1 ≤ Ū_j(N + 1)`.
 * Lower side, which a greedy one-step check cannot protect (two reps can fall due at once), is
 * kept *schedulable*: rep i owes `due_i(T) = L_i(T) − c_i` leads by lead T; these are unit jobs
 * with deadlines, so they can all be met iff the slack `σ(T) = (T − N) − Σ_i max(0, due_i(T))`
 * is ≥ 0 for every T > N (earliest deadline first is optimal for unit jobs). Giving the lead
 * to j lowers σ(T) by one for every T before j's own first deadline `t_j` and leaves it alone
 * after. So j keeps σ ≥ 0 iff `t_j ≤ T*`, the first T with σ(T) ≤ 0 (any j when there is none).
 *
 * Theorem (fixed eligible set, integer counts, b > 0, S = N₀ = ⌈2/b⌉): from an empty window
 * someone is always allowed, so the band above holds whatever the model prefers.
 *   Invariant: σ(T) ≥ 0 for all T > N, and c_i ≤ Ū_i(N). At N = 0: Σ⌊r_i T⌋ ≤ T, and for
 *   T ≥ S ≥ 1/b with P = {i : r_i > 0}, Σ⌈r_i T⌉ < T·Σ_P r_i + |P| ≤ T − |P|(bT − 1) ≤ T.
 *   An allowed choice keeps both (Ū and L non-decreasing), and σ(N + 1) ≥ 0 means nobody is
 *   under its floor. Two bounds are used: c ≥ Ū_j(N+1) > u_j(N+1) − 1 always, and
 *   c ≥ u_j(N+1) while N + 1 ≤ S − 1/u_j (there Ū_j is the ceiling). Past S − 1/u_j ≥ 1/b,
 *   b(N+1) ≥ 1.
 *   No tight point: some j is under its ceiling, since Σ_j Ū_j(N+1) ≥ N + 1: the ceilings
 *     sum to ≥ (N+1)(1 + kb) while N + 1 ≤ S − 1/max u, else Σ Ū_j > (N+1)(1 + kb) − k ≥ N + 1.
 *   Tight point T*: σ(T*) = 0, so with J the reps due by T* and D = T* − N ≥ 1,
 *     D = Σ_J (L_j(T*) − c_j). If every j ∈ J were at its ceiling, write L_j(T*) ≤ r_j T* + ε
 *     (ε = 1 if T* ≥ S, else 0) and c_j ≥ u_j(N+1) − δ (δ < 1; δ = 0 in the ceiling regime):
 *     D ≤ S_J(D − 1) − Σ_J [b(T* + N + 1) − ε − δ] ≤ D − 1, because each bracket is ≥ 0:
 *     T* ≥ S gives b(T* + N + 1) > bS ≥ 2 > ε + δ; otherwise ε = 0 and δ > 0 only when
 *     b(N + 1) ≥ 1. Contradiction, so some j ∈ J is allowed.
 * test/unit/distribution-predictive-band.test.ts checks both bands with fast-check.
 *
 * "Strict whenever feasible": `fairnessBand` first tries a switch at the next lead (strict
 * from now on), then at N₀, then never (relaxed). A choice allowed by an earlier attempt keeps
 * the invariants of the later ones (its floors are higher and ceilings lower), so the chain
 * never paints itself into a corner. When eligibility changes mid-window the state may start
 * outside every band; then an attempt whose slack is already negative is refused, the relaxed
 * one pays the most urgent floors, and the caller takes the weighted choice if nobody is left.
 */

// Targets are sums of float fractions; this keeps ⌊3.0000000001⌋ and ⌈2.9999999999⌉ honest.
const EPS = 1e-9;
/** Longest look-ahead; past it the scan assumes a tight point (conservative, never unsafe). */
const MAX_SCAN = 4096;

export type BandCheck = {
  /** Per rep, in input order: may it take the next lead without leaving the band? */
  allowed: boolean[];
  /** Per rep: its count would exceed its ceiling after the next lead. */
  overUpper: boolean[];
  /** The first future lead at which the owed leads exactly fill the slots; null = never. */
  tightAt: number | null;
  /** The allowed reps keep every share within ±b exactly after the next lead. */
  strict: boolean;
};

/** N₀: from this many leads in the window on, every share is within ±b exactly. */
export function strictFrom(band: number): number {
  return band > 0 ? Math.ceil(2 / band - EPS) : Infinity;
}

/**
 * Who may take the next lead. `counts` are effective counts, `shares` target shares summing
 * to 1, both in the same rep order; `band` is the fraction b.
 */
export function fairnessBand(counts: readonly number[], shares: readonly number[], band: number): BandCheck {
  const next = counts.reduce((a, c) => a + c, 0) + 1;
  const n0 = strictFrom(band);
  const switches = [...new Set(next < n0 ? [next, n0, Infinity] : [n0, Infinity])];
  let check: BandCheck | null = null;
  for (const switchAt of switches) {
    check = checkBand(counts, shares, band, switchAt);
    if (check.allowed.some(Boolean)) return check;
  }
  return check!;
}

/** The allowed reps under the bounds with the strict switch at lead `switchAt`. */
function checkBand(
  counts: readonly number[],
  shares: readonly number[],
  band: number,
  switchAt: number,
): BandCheck {
  const k = counts.length;
  const n = counts.reduce((a, c) => a + c, 0);
  const next = n + 1;
  const finite = Number.isFinite(switchAt);
  const rates = shares.map((s) => Math.max(0, s - band));
  const floor = (i: number, t: number) =>
    t >= switchAt ? Math.ceil(rates[i]! * t - EPS) : Math.floor(rates[i]! * t + EPS);
  const ceiling = (i: number, t: number) => {
    const u = shares[i]! + band;
    if (t >= switchAt) return Math.floor(u * t + EPS);
    const relaxed = Math.ceil(u * t - EPS);
    return finite ? Math.min(relaxed, Math.floor(u * switchAt + EPS)) : relaxed;
  };
  const overUpper = counts.map((c, i) => c + 1 > ceiling(i, next) + EPS);
  // Under a switch, a rep already past its next ceiling cannot be brought back: refuse.
  const broken = finite && counts.some((c, i) => c > ceiling(i, next) + EPS);
  const firstDue: (number | null)[] = Array.from({ length: k }, () => null);
  let tightAt: number | null = null;
  let feasible = !broken;
  let t = next;
  for (; feasible && t < next + MAX_SCAN; t++) {
    let owed = 0;
    let bound = 0;
    for (let i = 0; i < k; i++) {
      const c = counts[i]!;
      const due = Math.ceil(floor(i, t) - c - EPS);
      if (due > 0) {
        owed += due;
        firstDue[i] ??= t;
      }
      // A concave lower bound of σ: once it reaches 1 it stays ≥ 1 (its slope ends ≥ 1 − Σ r ≥ 0).
      const round = finite && rates[i]! > 0 ? 1 : 0;
      bound += Math.max(0, rates[i]! * t + round - c + (c - Math.floor(c + EPS)));
    }
    const slack = t - n - owed;
    // Under a switch the state must be schedulable; the relaxed bounds take what they get.
    if (finite && slack < -EPS) feasible = false;
    if (tightAt === null && slack <= EPS) {
      tightAt = t;
      if (!finite) break;
    }
    if (t - n - bound >= 1 - EPS) break;
  }
  if (t >= next + MAX_SCAN) tightAt ??= t;
  const allowed = overUpper.map((over, i) => {
    if (over || !feasible) return false;
    if (tightAt === null) return true;
    const due = firstDue[i] ?? null;
    return due !== null && due <= tightAt;
  });
  return { allowed, overUpper, tightAt, strict: next >= switchAt };
}

/** The band as the trace and tests read it: the widest |share − target| over the reps. */
export function maxShareDeviation(counts: readonly number[], shares: readonly number[]): number {
  const n = counts.reduce((a, c) => a + c, 0);
  if (n === 0) return 0;
  return Math.max(...counts.map((c, i) => Math.abs(c / n - shares[i]!)));
}
