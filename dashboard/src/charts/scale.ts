/** The arithmetic behind the hand-written SVG charts: scales, nice ticks, paths. Pure. */

/** The smallest 1, 2 or 5 × 10^k at or above `value`, so axes end on a round number. */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value - 1e-9)!;
  return step * power;
}

/** Evenly spaced ticks from 0 to a nice maximum ≥ max, about `count` of them, integer steps for counts. */
export function ticks(max: number, count = 4, integer = true): number[] {
  const top = niceCeil(Math.max(max, integer ? 1 : 0));
  let step = niceCeil(top / count);
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) out.push(Number(t.toFixed(10)));
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to r0. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** An SVG path through the points, rounded to 0.1 px to keep the markup small. */
export function linePath(points: readonly [number, number][]): string {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`).join("");
}

/** At most `max` evenly spread indexes of `length` items, first and last included: axis labels that fit. */
export function labelIndexes(length: number, max: number): number[] {
  if (length <= 0) return [];
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)))];
}
