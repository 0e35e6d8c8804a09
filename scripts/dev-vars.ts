import { copyFileSync, existsSync, readFileSync } from "node:fs";

/** Reads KEY=value lines, as wrangler does for .dev.vars. */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && !line.trimStart().startsWith("#")) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/** Creates .dev.vars from the example on first run so that a fresh clone starts with no setup. */
export function ensureDevVars(path = ".dev.vars", example = ".dev.vars.example"): Record<string, string> {
  if (!existsSync(path)) copyFileSync(example, path);
  return parseDevVars(readFileSync(path, "utf8"));
}

/**
 * `wrangler dev` arguments that pass the optional secrets of `.dev.vars` (TURNSTILE_SECRET,
 * GOOGLE_CLIENT_SECRET, ...). With `[secrets] required` in wrangler.toml, wrangler loads only
 * the required keys from `.dev.vars` and drops the rest, so without these a developer could
 * not turn Turnstile on locally. Dev only: the values show in the process list.
 */
export function optionalSecretArgs(vars: Record<string, string>, required: readonly string[]): string[] {
  return Object.entries(vars)
    .filter(([key, value]) => !required.includes(key) && value !== "")
    .flatMap(([key, value]) => ["--var", `${key}:${value}`]);
}

/** The `[secrets] required` names of a wrangler.toml. */
export function requiredSecrets(wranglerToml: string): string[] {
  const list = /^\[secrets\][^[]*?^required\s*=\s*\[([^\]]*)\]/m.exec(wranglerToml)?.[1] ?? "";
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}
