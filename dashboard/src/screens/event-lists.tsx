import { useEffect, useMemo, useState } from "preact/hooks";
import { BatchProgress, type Progress } from "../components/BatchProgress";
import { CsvFileInput } from "../components/CsvFileInput";
import { DataTable } from "../components/DataTable";
import { Feedback } from "../components/Feedback";
import { MappingStep } from "../components/MappingStep";
import * as csv from "../data/csv-import";
import * as ev from "../data/event-import";
import { useDirectory } from "../data/directory";
import { formatWhen } from "../data/format";
import { dataApi, type DryRun, type EventList, type EventListDetail } from "../data-api";
import type { ScreenProps } from "../screens";
import { DryRunReport, PerRep, Refused, RunCounts } from "./event-list-report";

/** Rows per run request: short requests, so the bar moves and a closed tab loses at most one batch's wait. */
const RUN_BATCH = 25;

type File = { name: string; parsed: csv.ParsedCsv };
type Stage =
  | { at: "source" }
  | { at: "map"; file: File; mapping: ev.EventMapping }
  | { at: "dry"; list: EventList; dry: DryRun }
  | { at: "done"; detail: EventListDetail };

/** Event lists: upload a badge-scan or webinar CSV, map its columns, dry-run it, route it in batches. */
export function EventListsScreen({ token, onError }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [stage, setStage] = useState<Stage>({ at: "source" });
  const [name, setName] = useState("");
  const [ruleSetId, setRuleSetId] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lists, setLists] = useState<EventList[]>([]);

  const refresh = () =>
    api.eventLists().then(
      (r) => setLists(r.lists),
      (err) => setError(onError(err)),
    );
  useEffect(() => void refresh(), [api]);
  const ruleSet = ruleSetId || [...dir.ruleSets.keys()][0] || "";

  // The DOM's File: this module's own `File` is an uploaded file as parsed.
  const onFile = async (f: globalThis.File | undefined) => {
    setError(null);
    if (!f) return;
    const tooBig = ev.fileProblem(f.size);
    if (tooBig) return setError(tooBig);
    const parsed = await csv.parseCsv(await f.text());
    const bad = ev.fileProblem(f.size, parsed.rows.length);
    if (bad) return setError(bad);
    if (!name) setName(ev.listNameFrom(f.name));
    setStage({ at: "map", file: { name: f.name, parsed }, mapping: ev.guessEventMapping(parsed.columns) });
  };

  const busy = async (label: string, work: () => Promise<void>) => {
    setError(null);
    setProgress({ label, done: 0, total: 0 });
    try {
      await work();
    } catch (err) {
      setError(onError(err));
    } finally {
      setProgress(null);
    }
  };

  const dryRun = (list: EventList) =>
    busy("Working out where each row goes", async () => {
      setStage({ at: "dry", list, dry: await api.dryRunEventList(list.id) });
    });

  const upload = (file: File, mapping: ev.EventMapping) =>
    busy("Uploading", async () => {
      const rows = ev.toEventRows(file.parsed.rows, mapping);
      const { list } = await api.uploadEventList({
        name: name.trim(),
        fileName: file.name,
        ruleSetId: ruleSet,
        rows,
      });
      void refresh();
      setStage({ at: "dry", list, dry: await api.dryRunEventList(list.id) });
    });

  /** Routes batch after batch until nothing is pending; a failure leaves the rest pending, to resume. */
  const run = async (list: EventList) => {
    setError(null);
    const total = list.counts.pending;
    let current = list;
    try {
      while (current.counts.pending > 0) {
        setProgress({ label: "Routing", done: total - current.counts.pending, total });
        const { list: next, processed } = await api.runEventList(current.id, RUN_BATCH);
        current = next;
        if (processed === 0) break;
      }
      setProgress({ label: "Routing", done: total, total });
      setStage({ at: "done", detail: await api.eventList(current.id) });
    } catch (err) {
      setError(`${onError(err)} Rows routed so far are kept; resume the list below to route the rest.`);
    } finally {
      setProgress(null);
      void refresh();
    }
  };

  return (
    <>
      <section class="card" aria-labelledby="event-title">
        <h2 id="event-title">Route an event list</h2>
        {stage.at === "source" && (
          <div class="stack">
            <p class="muted">
              Badge scans or a webinar export as CSV, one person per row with a header row. You map the
              columns next, name the event and see where every row would go before anything is routed.
            </p>
            <CsvFileInput id="event-file" label="CSV file (at most 5,000 rows, 4 MB)" onFile={onFile} />
          </div>
        )}
        {stage.at === "map" && (
          <div class="stack">
            <label for="event-name">Event name (uploading the same event again routes nobody twice)</label>
            <input
              id="event-name"
              value={name}
              maxLength={200}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <label for="event-rule-set">Route with the rule set</label>
            <select id="event-rule-set" value={ruleSet} onChange={(e) => setRuleSetId(e.currentTarget.value)}>
              {[...dir.ruleSets].map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        {stage.at === "map" && (
          <MapColumns
            file={stage.file}
            mapping={stage.mapping}
            ready={name.trim() !== "" && ruleSet !== ""}
            busy={progress !== null}
            onChange={(mapping) => setStage({ ...stage, mapping })}
            onUpload={() => upload(stage.file, stage.mapping)}
            onBack={() => setStage({ at: "source" })}
          />
        )}
        {stage.at === "dry" && (
          <div class="stack">
            <p>
              Dry run of <strong>{stage.list.name}</strong>: nothing has been routed yet.
            </p>
            <DryRunReport dry={stage.dry} dir={dir} />
            <div class="actions">
              <button
                type="button"
                disabled={progress !== null || stage.list.counts.pending === 0}
                onClick={() => run(stage.list)}
              >
                Route {stage.list.counts.pending} rows
              </button>
              <button
                type="button"
                class="secondary"
                disabled={progress !== null}
                onClick={() => setStage({ at: "source" })}
              >
                Not now
              </button>
            </div>
          </div>
        )}
        {progress && <BatchProgress id="event-progress" progress={progress} />}
        {stage.at === "done" && (
          <div class="stack" role="status" data-testid="event-done">
            <p class="done">{stage.detail.list.name} is routed.</p>
            <RunCounts list={stage.detail.list} />
            <PerRep perRep={stage.detail.perRep} dir={dir} testId="run-per-rep" />
            <Refused refused={stage.detail.refused} />
            <div>
              <button
                type="button"
                class="secondary"
                onClick={() => (setName(""), setStage({ at: "source" }))}
              >
                Route another list
              </button>
            </div>
          </div>
        )}
        <Feedback error={error} />
      </section>
      <Lists lists={lists} busy={progress !== null} onResume={dryRun} />
    </>
  );
}

type MapProps = {
  file: File;
  mapping: ev.EventMapping;
  ready: boolean;
  busy: boolean;
  onChange: (m: ev.EventMapping) => void;
  onUpload: () => void;
  onBack: () => void;
};

function MapColumns({ file, mapping, ready, busy, onChange, onUpload, onBack }: MapProps) {
  const preview = ev.toEventRows(file.parsed.rows.slice(0, 5), mapping);
  const shown = ev.EVENT_FIELDS.filter((f) => mapping[f.field]);
  return (
    <MappingStep
      summary={`${file.parsed.rows.length} rows and ${file.parsed.columns.length} columns in ${file.name}.`}
      fields={ev.EVENT_FIELDS}
      columns={file.parsed.columns}
      mapping={mapping}
      idPrefix="event-map"
      problems={ev.eventMappingProblems(mapping)}
      onChange={onChange}
      preview={
        <DataTable
          columns={["Row", ...shown.map((f) => f.label)]}
          compact
          testId="event-preview"
          caption="The first rows"
        >
          {preview.map((r) => (
            <tr key={r.row}>
              <th scope="row">{r.row}</th>
              {shown.map((f) => (
                <td key={f.field}>{r.fields[f.field] || "—"}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      }
      next={`Upload and dry-run ${file.parsed.rows.length} rows`}
      ready={ready}
      busy={busy}
      onNext={onUpload}
      onBack={onBack}
    />
  );
}

/** Uploaded lists; one with rows still pending (a closed tab, a failed batch) can be resumed. */
function Lists({
  lists,
  busy,
  onResume,
}: {
  lists: EventList[];
  busy: boolean;
  onResume: (l: EventList) => void;
}) {
  if (lists.length === 0) return null;
  return (
    <section class="card" aria-labelledby="event-lists-title">
      <h2 id="event-lists-title">Uploaded lists</h2>
      <DataTable
        columns={[
          "Event",
          "Uploaded",
          "Rows",
          "Routed",
          "Merged",
          "Already routed",
          "Refused",
          "Pending",
          { hidden: "Actions" },
        ]}
        compact
        testId="event-lists"
      >
        {lists.map((l) => (
          <tr key={l.id} data-list={l.id}>
            <th scope="row">{l.name}</th>
            <td>{formatWhen(l.createdAt)}</td>
            <td>{l.totalRows}</td>
            <td>{l.counts.routed}</td>
            <td>{l.counts.merged}</td>
            <td>{l.counts.duplicate}</td>
            <td>{l.counts.refused}</td>
            <td>{l.counts.pending}</td>
            <td>
              {l.counts.pending > 0 && (
                <button type="button" class="secondary" disabled={busy} onClick={() => onResume(l)}>
                  Resume
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
