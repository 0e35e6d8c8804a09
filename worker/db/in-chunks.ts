/**
 * D1 binds at most 100 parameters per statement, so a query over a list of keys (`IN (…)`) runs
 * in chunks of IN_CHUNK, leaving room for a few other parameters.
 */
export const IN_CHUNK = 90;

/** The items in consecutive slices of at most `size`. */
export function chunked<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "?from, ?from+1, …": n numbered SQL placeholders. */
export const placeholders = (n: number, from = 1): string =>
  Array.from({ length: n }, (_, i) => `?${i + from}`).join(", ");
