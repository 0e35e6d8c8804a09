/**
 * `#/config/<tab>`: the draft, edited through forms (reps, teams, rules, forms, places,
 * settings) or as raw JSON, with errors and lint shown beside what they are about. "Save draft" stores a
 * new version; publishing happens on the Publish screen, after the diff.
 */
import { useState } from "preact/hooks";
import { Feedback, Loading } from "../components/Feedback";
import { useAction } from "../components/hooks";
import type { ScreenProps } from "../screens";
import { FormsTab } from "./FormsTab";
import { JsonTab } from "./JsonTab";
import { PlacesTab } from "./PlacesTab";
import { RepsTab } from "./RepsTab";
import { RulesTab } from "./RulesTab";
import { SettingsTab } from "./SettingsTab";
import { useDraft, type DraftActions, type DraftState } from "./store";
import { TeamsTab } from "./TeamsTab";

export type TabProps = {
  token: string;
  state: DraftState & { doc: NonNullable<DraftState["doc"]> };
  actions: DraftActions;
  onError: (err: unknown) => string;
};

const TABS = [
  { id: "reps", label: "Reps", component: RepsTab },
  { id: "teams", label: "Teams", component: TeamsTab },
  { id: "rules", label: "Rules", component: RulesTab },
  { id: "forms", label: "Forms", component: FormsTab },
  { id: "places", label: "Territories & regions", component: PlacesTab },
  { id: "settings", label: "Settings", component: SettingsTab },
  { id: "json", label: "JSON", component: JsonTab },
];

/** One line on where the draft stands: saved or not, valid or not, live or not. */
export function DraftStatus({ state }: { state: DraftState }) {
  const errors = state.issues.filter((i) => i.severity === "error").length;
  const warnings = state.issues.filter((i) => i.severity === "warning").length;
  return (
    <p class="draft-status" data-testid="draft-status">
      {state.dirty ? <strong>Unsaved changes</strong> : <>Saved as v{state.baseVersion}</>}
      {" · "}
      {state.active ? `v${state.active.version} is live` : "nothing live yet"}
      {" · "}
      {state.checking ? (
        "checking…"
      ) : errors ? (
        <span class="error">{errors} error(s)</span>
      ) : (
        <span>valid</span>
      )}
      {warnings > 0 && <span class="warn"> · {warnings} warning(s)</span>}
    </p>
  );
}

export function ConfigScreen({ token, params, onError }: ScreenProps) {
  const [state, actions] = useDraft(token);
  const [note, setNote] = useState("");
  const { busy: saving, status: message, error, run } = useAction(onError);
  const tab = TABS.find((t) => t.id === params[0]) ?? TABS[0]!;

  if (state.status !== "ready" || !state.doc)
    return (
      <section class="card">
        <Feedback error={state.error} />
        <Loading done={!!state.error} text="Loading the config…" />
      </section>
    );

  const errors = state.issues.some((i) => i.severity === "error");
  const save = () =>
    run(async () => {
      const v = await actions.save(note.trim() || undefined);
      setNote("");
      return `Saved as draft v${v}. Review the changes and publish it on the Publish screen.`;
    });
  const Tab = tab.component;
  return (
    <>
      <section class="card toolbar">
        <h1>Routing config</h1>
        <DraftStatus state={state} />
        <div class="row">
          <label class="grow">
            <span class="sr-only">Note for this version</span>
            <input
              placeholder="What changed? (optional note)"
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </label>
          <button type="button" disabled={saving || !state.dirty || errors || state.checking} onClick={save}>
            {saving ? "Saving…" : "Save draft"}
          </button>
          <a class="button secondary" href="#/test-lead">
            Test a lead
          </a>
          <a class="button secondary" href="#/publish">
            Review & publish
          </a>
          <button
            type="button"
            class="secondary"
            disabled={!state.dirty}
            onClick={() => confirm("Discard unsaved changes?") && actions.reload()}
          >
            Discard
          </button>
        </div>
        <Feedback status={message} error={error} />
        <nav class="tabs" aria-label="Config sections">
          {TABS.map((t) => (
            <a key={t.id} href={`#/config/${t.id}`} aria-current={t === tab ? "page" : undefined}>
              {t.label}
              <TabCount state={state} id={t.id} />
            </a>
          ))}
        </nav>
      </section>
      <Tab token={token} state={state as TabProps["state"]} actions={actions} onError={onError} />
    </>
  );
}

const TAB_ROOTS: Record<string, string[]> = {
  reps: ["reps"],
  teams: ["teams"],
  rules: ["ruleSets", "scoring"],
  forms: ["forms"],
  places: ["territories", "regions"],
  settings: ["privacy", "notifications"],
  json: ["org", "$schema", "schemaVersion"],
};

/** How many problems a tab holds, so an admin knows where to look. */
function TabCount({ state, id }: { state: DraftState; id: string }) {
  const n = state.issues.filter((i) => TAB_ROOTS[id]!.includes(String(i.path[0] ?? "org"))).length;
  return n ? (
    <span class="count" aria-label={`${n} problem(s)`}>
      {n}
    </span>
  ) : null;
}
