import { useEffect, useState } from "preact/hooks";
import { configApi } from "../config/api";

/** Names for the ids the data API returns, read from the live config. */
export type Directory = {
  teams: Map<string, string>;
  reps: Map<string, string>;
  rules: Map<string, string>;
  /** Rule sets by id, in config order (the event-list upload picks one). */
  ruleSets: Map<string, string>;
  retentionDays: number | null;
  /** False until the live config has been read (or found missing). */
  loaded: boolean;
};

type Named = { id?: unknown; name?: unknown };

function names(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const item of list as Named[]) {
    if (typeof item?.id === "string") out.set(item.id, typeof item.name === "string" ? item.name : item.id);
  }
  return out;
}

/** Reads the directory out of a config document without trusting its shape. */
export function directoryOf(config: unknown): Directory {
  const c = (config ?? {}) as {
    teams?: unknown;
    reps?: unknown;
    ruleSets?: { rules?: unknown }[];
    privacy?: { retentionDays?: unknown };
  };
  const rules = new Map<string, string>();
  for (const set of Array.isArray(c.ruleSets) ? c.ruleSets : []) {
    for (const [id, name] of names(set?.rules)) rules.set(id, name);
  }
  const days = c.privacy?.retentionDays;
  return {
    teams: names(c.teams),
    reps: names(c.reps),
    rules,
    ruleSets: names(c.ruleSets),
    retentionDays: typeof days === "number" ? days : null,
    loaded: true,
  };
}

const EMPTY: Directory = {
  teams: new Map(),
  reps: new Map(),
  rules: new Map(),
  ruleSets: new Map(),
  retentionDays: null,
  loaded: false,
};

/** The live config's names; on any failure the screens fall back to showing ids. */
export function useDirectory(token: string): Directory {
  const [dir, setDir] = useState<Directory>(EMPTY);
  useEffect(() => {
    let live = true;
    configApi(token)
      .active()
      .then((active) => live && setDir(directoryOf(active?.config)))
      .catch(() => live && setDir({ ...EMPTY, loaded: true }));
    return () => {
      live = false;
    };
  }, [token]);
  return dir;
}

/** "Rachel Kim" for a known id, the id itself otherwise, "—" for none. */
export function nameOf(
  map: Map<string, string>,
  id: string | null | undefined,
  fallback?: string | null,
): string {
  if (!id) return "—";
  return map.get(id) ?? fallback ?? id;
}
