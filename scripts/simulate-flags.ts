/**
 * Flags of `npm run simulate`, parsed and checked apart from the script so that
 * test/unit/simulate.test.ts can exercise them without running a simulation.
 */
export const USAGE = `usage: npm run simulate -- [--seed 42] [--leads 5000] [--band 0.1] [--seeds 1]

  --seed N    world seed (integer, default 42)
  --leads N   leads per run, 1–1,000,000 (default 5000)
  --band B    fairness band of predictive and the oracle, 0–1 (default 0.1 = ±10 points)
  --seeds N   also summarise predictive over seeds N..N+seeds−1, 1–1000 (default 1)
  --help      print this`;

export type SimulateFlags = { seed: number; leads: number; band: number; seeds: number };

const DEFAULTS: Record<keyof SimulateFlags, string> = { seed: "42", leads: "5000", band: "0.1", seeds: "1" };
const isFlag = (name: string): name is keyof SimulateFlags => Object.hasOwn(DEFAULTS, name);

/** Null when `raw` is an integer in [min, max], else why not. */
function int(name: string, raw: string, min: number, max: number): string | null {
  const x = Number(raw);
  return raw.trim() !== "" && Number.isSafeInteger(x) && x >= min && x <= max
    ? null
    : `--${name} must be an integer from ${min} to ${max}, got "${raw}"`;
}

/**
 * Parsed flags, or the message that explains why they are wrong. Hand-rolled rather than
 * node:util's parseArgs, which workerd (where the unit tests run) does not implement.
 */
export function parseFlags(
  args: readonly string[],
): ({ ok: true } & SimulateFlags) | { ok: false; help: boolean; error?: string } {
  const values = { ...DEFAULTS };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") return { ok: false, help: true };
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) return { ok: false, help: false, error: `unexpected argument "${arg}"` };
    const name = match[1]!;
    if (!isFlag(name)) return { ok: false, help: false, error: `unknown flag --${name}` };
    const value = match[2] ?? args[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith("--")))
      return { ok: false, help: false, error: `--${name} needs a value` };
    values[name] = value;
  }
  const band = Number(values.band);
  const error =
    int("seed", values.seed, -(2 ** 31), 2 ** 31 - 1) ??
    int("leads", values.leads, 1, 1_000_000) ??
    int("seeds", values.seeds, 1, 1000) ??
    (values.band.trim() !== "" && band >= 0 && band <= 1
      ? null
      : `--band must be a number from 0 to 1, got "${values.band}"`);
  if (error) return { ok: false, help: false, error };
  return {
    ok: true,
    seed: Number(values.seed),
    leads: Number(values.leads),
    band,
    seeds: Number(values.seeds),
  };
}
