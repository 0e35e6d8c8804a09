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
