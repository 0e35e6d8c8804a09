import type { DatabaseStorage } from "../../../worker/capacity/contract";

/** Bytes in decimal units, as Cloudflare states D1's limits (10 GB = 10^10 bytes). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** The line the dashboard shows, and whether it is a warning. */
export function storageSummary(s: DatabaseStorage): { text: string; warning: string | null } {
  const percent = s.share * 100;
  const shown = percent < 1 ? percent.toFixed(2) : percent.toFixed(0);
  return {
    text: `${formatBytes(s.bytes)} of ${formatBytes(s.limitBytes)} (${shown}%)`,
    warning: s.warning
      ? `The database is ${shown}% full. Archive older traces and deliveries (docs/capacity.md) before it reaches the limit: D1 refuses writes at ${formatBytes(s.limitBytes)}.`
      : null,
  };
}
