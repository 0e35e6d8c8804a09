/**
 * The draft being edited, shared by the config, test and publish screens: it lives in
 * memory for the tab, so switching screens keeps unsaved edits. Every edit is checked by
 * `POST /config/validate` (debounced) so errors and lint appear where they apply.
 */
import { useEffect, useState } from "preact/hooks";
import { describeError } from "../api";
import { configApi, type ActiveConfig, type Config, type Path } from "./api";

export type Issue = { path: Path; severity: "error" | "warning" | "info"; code: string; message: string };

export type DraftState = {
  status: "idle" | "loading" | "ready" | "error";
  error: string | null;
  /** The saved version the document came from or was last saved as. */
  baseVersion: number | null;
  /** The live version and its document, so screens can compare the draft without refetching. */
  active: ActiveConfig | null;
  doc: Config | null;
  dirty: boolean;
  issues: Issue[];
  checking: boolean;
};

const initial: DraftState = {
  status: "idle",
  error: null,
  baseVersion: null,
  active: null,
  doc: null,
  dirty: false,
  issues: [],
  checking: false,
};

let state = initial;
let owner: string | null = null;
const listeners = new Set<(s: DraftState) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let checkSeq = 0;

function set(patch: Partial<DraftState>): void {
  state = { ...state, ...patch };
  listeners.forEach((l) => l(state));
}

async function check(token: string): Promise<void> {
  const seq = ++checkSeq;
  set({ checking: true });
  try {
    const v = await configApi(token).validate(state.doc);
    if (seq !== checkSeq) return; // a newer edit is being checked
    const errors = v.errors.map((e): Issue => ({ ...e, severity: "error" }));
    set({ issues: [...errors, ...v.lint], checking: false });
  } catch (err) {
    if (seq === checkSeq) set({ checking: false, error: describeError(err) });
  }
}

let inflight: Promise<void> | null = null;
/** Counts edits, so a load that finishes after an edit knows not to overwrite it. */
let edits = 0;

/**
 * Loads the newest saved version when it is an unpublished draft, else the active one. Calls
 * made while a load is running share it. Refreshing a ready draft keeps the screen mounted, so
 * a field being typed in is not swapped for a spinner, and an edit made meanwhile is kept.
 */
function load(token: string): Promise<void> {
  if (inflight && owner === token) return inflight;
  inflight = fetchDraft(token).finally(() => (inflight = null));
  return inflight;
}

async function fetchDraft(token: string): Promise<void> {
  const refresh = owner === token && state.status === "ready";
  owner = token;
  if (!refresh)
    set({ ...initial, status: "loading", doc: state.doc, issues: state.issues, active: state.active });
  const editsBefore = edits;
  try {
    const api = configApi(token);
    const [versions, active] = await Promise.all([api.versions(), api.active()]);
    const newest = versions[0];
    const fromDraft = newest && (!active || newest.version > active.version);
    const base = fromDraft ? await api.version(newest.version) : active;
    if (!base)
      return set({ status: "error", error: "No config has been saved yet. Push one with `npm run seed`." });
    if (edits !== editsBefore) return set({ active }); // the admin's edit wins over the refresh
    set({
      status: "ready",
      error: null,
      doc: base.config,
      baseVersion: base.version,
      active,
      dirty: false,
    });
    void check(token);
  } catch (err) {
    set(refresh ? { error: describeError(err) } : { status: "error", error: describeError(err) });
  }
}

/** Actions on the shared draft; every edit works on a copy, so renders see new objects. */
export function draftActions(token: string) {
  return {
    reload: () => load(token),
    update(edit: (doc: Config) => void) {
      if (!state.doc) return;
      const doc = structuredClone(state.doc);
      edit(doc);
      edits++;
      set({ doc, dirty: true });
      clearTimeout(timer);
      timer = setTimeout(() => void check(token), 350);
    },
    replace(doc: Config) {
      edits++;
      set({ doc, dirty: true });
      void check(token);
    },
    async save(note?: string): Promise<number> {
      const saved = await configApi(token).save(state.doc, note, state.baseVersion);
      set({ baseVersion: saved.version, dirty: false, issues: saved.lint });
      return saved.version;
    },
    /** Only the saved, unedited draft is published, so the live document is now `doc`. */
    published(version: number) {
      if (state.doc) set({ active: { version, config: state.doc } });
    },
  };
}

export type DraftActions = ReturnType<typeof draftActions>;

/** Subscribes a screen to the draft, loading it on first use (or for another token). */
export function useDraft(token: string): [DraftState, DraftActions] {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    // Without unsaved edits, a fresh load picks up publishes and rollbacks made elsewhere.
    if (owner !== token || state.status !== "ready" || !state.dirty) void load(token);
    else setS(state);
    return () => void listeners.delete(setS);
  }, [token]);
  return [s, draftActions(token)];
}

/** Issues at `prefix` or below it. */
export function issuesAt(issues: Issue[], prefix: Path): Issue[] {
  return issues.filter((i) => prefix.every((p, k) => i.path[k] === p));
}
