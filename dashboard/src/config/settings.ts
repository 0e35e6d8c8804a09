/** Edits of the config's organisation-wide settings. Pure: no DOM, so it is unit tested. */
import type { Config } from "./api";

export type Section = "privacy" | "notifications";

/**
 * Sets `doc[section][key]` in place (on the draft's copy), or removes it for undefined or "",
 * and removes the section once it is empty, so a cleared setting leaves no `{}` behind.
 */
export function setSetting<S extends Section, K extends keyof NonNullable<Config[S]> & string>(
  doc: Config,
  section: S,
  key: K,
  value: NonNullable<Config[S]>[K] | undefined,
): void {
  const next: Record<string, unknown> = { ...doc[section] };
  if (value === undefined || value === "") delete next[key];
  else next[key] = value;
  if (Object.keys(next).length) (doc as Record<string, unknown>)[section] = next;
  else delete doc[section];
}
