/**
 * `#/publish`: what the draft changes against the live version, path by path, its lint
 * warnings and, when the Worker offers it, the backtest over recent leads; then publish.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import { Feedback } from "../components/Feedback";
import { useAction } from "../components/hooks";
import { Issues } from "../components/Issues";
import type { ScreenProps } from "../screens";
import { configApi, type BacktestSummary } from "./api";
import { DraftStatus } from "./ConfigScreen";
import { diffConfig, formatPath, type Change } from "./diff";
import { useDraft } from "./store";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const VERB = { added: "Added", removed: "Removed", changed: "Changed", reordered: "Reordered" } as const;

export function DiffList({ changes }: { changes: Change[] }) {
  if (!changes.length) return <p class="muted">No differences.</p>;
  return (
    <ul class="diff" data-testid="diff">
      {changes.map((c, i) => (
        <li key={i} class={`diff-${c.kind}`}>
          <strong>{VERB[c.kind]}</strong> <code>{formatPath(c.path)}</code>
          {c.kind === "changed" && (
            <div class="before-after">
              <del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
            </div>
          )}
          {c.kind === "added" && <pre class="value">{JSON.stringify(c.after, null, 2)}</pre>}
          {c.kind === "removed" && <pre class="value">{JSON.stringify(c.before, null, 2)}</pre>}
          {c.kind === "reordered" && (
            <div class="before-after">
              <del>{c.before.join(", ")}</del> → <ins>{c.after.join(", ")}</ins>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function Backtest({ report }: { report: BacktestSummary | null | undefined }) {
  if (report === undefined) return <p class="muted">Replaying recent leads…</p>;
  if (report === null) return <p class="muted">Backtest is not available on this Baton yet.</p>;
  const s = report.summary;
  return (
    <div data-testid="backtest">
      <p>
        Of {s.total} recent leads, <strong>{s.changed}</strong> would be routed differently (
        {s.destinationChanged} to someone else). {s.toFallback} would reach the fallback (now{" "}
        {s.toFallbackBefore}; {s.newlyToFallback} newly).
      </p>
      {report.loadShift.length > 0 && (
        <DataTable columns={["Team / rep", "Now", "With the draft", "Change"]} compact wrap={false}>
          {report.loadShift.map((r) => (
            <tr key={`${r.kind}:${r.id}`}>
              <td>
                {r.kind} {r.id}
              </td>
              <td>{r.before}</td>
              <td>{r.after}</td>
              <td>{r.delta > 0 ? `+${r.delta}` : r.delta}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

export function PublishScreen({ token, onError }: ScreenProps) {
  const [state, actions] = useDraft(token);
  const api = useMemo(() => configApi(token), [token]);
  const [report, setReport] = useState<BacktestSummary | null | undefined>(undefined);
  const { busy, status: message, error, run } = useAction(onError);
  const { active } = state;
  const draftVersion = state.dirty ? null : state.baseVersion;
  const pending = draftVersion !== null && draftVersion !== active?.version;
  useEffect(() => {
    setReport(undefined);
    if (pending) api.backtest(draftVersion).then(setReport, () => setReport(null));
  }, [api, draftVersion, pending]);

  const changes = useMemo(
    () => (state.status === "ready" && state.doc ? diffConfig(active?.config ?? {}, state.doc) : []),
    [state.status, state.doc, active],
  );
  const errors = state.issues.some((i) => i.severity === "error");
  const warnings = state.issues.filter((i) => i.severity !== "error");

  const save = () => run(async () => void (await actions.save()));
  const publish = () =>
    run(async () => {
      await api.publish(draftVersion!, active?.version);
      actions.published(draftVersion!);
      return `Version ${draftVersion} is now live.`;
    });

  return (
    <>
      <section class="card">
        <h1>Review & publish</h1>
        <DraftStatus state={state} />
        {state.dirty ? (
          <p>
            The draft has unsaved changes. Save it to publish it.{" "}
            <button type="button" disabled={busy || errors || state.checking} onClick={save}>
              Save draft
            </button>
          </p>
        ) : pending ? (
          <button type="button" disabled={busy || errors} onClick={publish}>
            {busy ? "Publishing…" : `Publish v${draftVersion}`}
          </button>
        ) : (
          <p class="muted">The draft is the live version: nothing to publish.</p>
        )}
        <Feedback status={message} error={error} />
      </section>
      <section class="card">
        <h2>
          Changes against the live version {active ? `(v${active.version})` : ""} — {changes.length}
        </h2>
        <DiffList changes={changes} />
      </section>
      {warnings.length > 0 && (
        <section class="card">
          <h2>Warnings ({warnings.length})</h2>
          <Issues issues={warnings} base={[]} doc={state.doc} />
        </section>
      )}
      {pending && (
        <section class="card">
          <h2>Backtest on recent leads</h2>
          <Backtest report={report} />
        </section>
      )}
    </>
  );
}
