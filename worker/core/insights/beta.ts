/**
 * Conversion rates with credible intervals: the posterior of a rate under a uniform prior,
 * Beta(1 + conversions, 1 + non-conversions), and its central 90% interval.
 */

/** The interval's mass: 90%, so a flag at "upper bound below the rest" errs about 1 in 20. */
export const CREDIBLE_MASS = 0.9;
const STEPS = 400;

export type RateEstimate = { rate: number; lower: number; upper: number };

/**
 * Posterior mean and the 5% / 95% quantiles of Beta(1 + s, 1 + f). The quantiles come from the
 * density integrated on a grid over mean ± 8 sd (clipped to [0, 1]), which holds the whole mass
 * to far below the rounding the screen shows, and stays accurate at the 2–8% rates of B2B leads.
 */
export function rateEstimate(conversions: number, failures: number): RateEstimate {
  const a = 1 + conversions;
  const b = 1 + failures;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const lo = Math.max(0, mean - 8 * sd);
  const hi = Math.min(1, mean + 8 * sd);
  const step = (hi - lo) / STEPS;
  const logDensity = (x: number) => (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x);
  const xs = Array.from({ length: STEPS }, (_, i) => lo + (i + 0.5) * step);
  const logs = xs.map(logDensity);
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const total = weights.reduce((s, w) => s + w, 0);
  const tail = (1 - CREDIBLE_MASS) / 2;
  let cumulative = 0;
  let lower = lo;
  let upper = hi;
  for (let i = 0; i < STEPS; i++) {
    const before = cumulative;
    cumulative += weights[i]! / total;
    if (before < tail && cumulative >= tail) lower = xs[i]! - step / 2;
    if (before < 1 - tail && cumulative >= 1 - tail) upper = xs[i]! + step / 2;
  }
  return { rate: mean, lower: Math.max(0, lower), upper: Math.min(1, upper) };
}
