/**
 * Parses a count or an amount as a form sends it: 1000, "1,000", "1 000", "10k", "$2.5M",
 * "5000+", "500-1000", "<50".
 *
 * Ranges take their LOWER bound ("500-1000" → 500, "5000+" → 5000, "<50" and "under 50"
 * → 0). Company-size pick lists are bands whose lower bound is the boundary admins write
 * rules against: `employees gte 500` then matches "500-999" and not "200-499", and
 * `lt 500` the reverse, with no band split between two rules.
 *
 * Returns null when no number can be read. Dots are decimal points, commas, spaces,
 * apostrophes and underscores are thousands separators.
 */
export function parseAmount(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase();
  if (/^(<|under\b|less than\b|up to\b|below\b)/.test(text)) return 0;
  // The first number in the text, with an optional k/m/b multiplier right after it.
  const m = /(\d[\d,' _]*(?:\.\d+)?)(?:\s*(k|mm|m|bn|b)(?![a-z]))?/.exec(text);
  if (!m) return null;
  const n = Number(m[1]!.replace(/[,' _]/g, ""));
  if (!Number.isFinite(n)) return null;
  const scale = MULTIPLIERS[m[2] ?? ""] ?? 1;
  return n * scale;
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };
