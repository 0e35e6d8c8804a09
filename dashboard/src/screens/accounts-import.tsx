import { useMemo, useState } from "preact/hooks";
import { BatchProgress, type Progress } from "../components/BatchProgress";
import { CsvFileInput } from "../components/CsvFileInput";
import { DataTable } from "../components/DataTable";
import { Feedback } from "../components/Feedback";
import { MappingStep } from "../components/MappingStep";
import * as csv from "../data/csv-import";
import { dataApi, type AccountInput } from "../data-api";
import type { ScreenProps } from "../screens";

/** Rows per validation request (the API takes up to 1,000) and per import request (so the bar moves). */
const CHECK_CHUNK = 500;
const IMPORT_CHUNK = 100;
/** Problems listed on screen; the rest are counted. */
const SHOWN_PROBLEMS = 200;

type Row = { index: number; input: AccountInput };
type Checked = { ok: Row[]; problems: csv.RowProblem[] };
type Summary = { created: number; updated: number; skipped: csv.RowProblem[] };
type Stage =
  | { at: "source" }
  | { at: "map"; file: csv.ParsedCsv; mapping: csv.Mapping }
  | { at: "checked"; file: csv.ParsedCsv; checked: Checked }
  | { at: "done"; file: csv.ParsedCsv; summary: Summary };

/** CSV import: pick a file, map its columns, check every row, then import in chunks. */
export function AccountsImport({ token, onError, onImported }: ScreenProps & { onImported: () => void }) {
  const api = useMemo(() => dataApi(token), [token]);
  const [stage, setStage] = useState<Stage>({ at: "source" });
  const [paste, setPaste] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = async (text: string) => {
    setError(null);
    const file = await csv.parseCsv(text);
    if (file.rows.length === 0) return setError("That file has a header row but no accounts under it.");
    setStage({ at: "map", file, mapping: csv.guessMapping(file.columns) });
  };
  const onFile = async (f: File | undefined) => {
    if (f) await read(await f.text());
  };

  const check = async (file: csv.ParsedCsv, mapping: csv.Mapping) => {
    setError(null);
    const inputs = csv.toInputs(file.rows, mapping);
    // Duplicates across chunks are invisible to the server: report them and do not send them.
    const dupes = csv.crossChunkDuplicates(inputs);
    const dupeSet = new Set(dupes.map((d) => d.index));
    const rows = inputs.map((input, index) => ({ index, input })).filter((r) => !dupeSet.has(r.index));
    const found: csv.RowProblem[][] = [dupes];
    try {
      for (const chunk of csv.chunks(rows, CHECK_CHUNK)) {
        setProgress({ label: "Checking rows", done: chunk.start, total: rows.length });
        const { invalid } = await api.checkAccounts(chunk.items.map((r) => r.input));
        found.push(
          csv.chunkProblems(chunk, invalid ?? []).map((p) => ({ ...p, index: rows[p.index]!.index })),
        );
      }
      const problems = csv.mergeProblems(...found);
      const bad = new Set(problems.map((p) => p.index));
      setStage({ at: "checked", file, checked: { ok: rows.filter((r) => !bad.has(r.index)), problems } });
    } catch (err) {
      setError(onError(err));
    } finally {
      setProgress(null);
    }
  };

  const runImport = async (file: csv.ParsedCsv, checked: Checked) => {
    setError(null);
    const summary: Summary = { created: 0, updated: 0, skipped: [...checked.problems] };
    try {
      for (const chunk of csv.chunks(checked.ok, IMPORT_CHUNK)) {
        setProgress({ label: "Importing", done: chunk.start, total: checked.ok.length });
        const result = await api.importAccounts(chunk.items.map((r) => r.input));
        summary.created += result.created ?? 0;
        summary.updated += result.updated ?? 0;
        const late = csv
          .chunkProblems(chunk, result.invalid ?? [])
          .map((p) => ({ ...p, index: checked.ok[p.index]!.index }));
        summary.skipped = csv.mergeProblems(summary.skipped, late);
      }
      setStage({ at: "done", file, summary });
      onImported();
    } catch (err) {
      setError(
        `${onError(err)} Rows sent before the failure were imported; importing the file again updates them.`,
      );
    } finally {
      setProgress(null);
    }
  };

  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Import accounts from a CSV file</h2>
      {stage.at === "source" && (
        <div class="stack">
          <p class="muted">
            One account per row with a header row. Columns can be named as your CRM exports them: you choose
            which is which next.
          </p>
          <CsvFileInput id="csv-file" label="CSV file" onFile={onFile} />
          <label for="csv-paste">Or paste the CSV</label>
          <textarea id="csv-paste" rows={5} value={paste} onInput={(e) => setPaste(e.currentTarget.value)} />
          <div>
            <button type="button" class="secondary" disabled={!paste.trim()} onClick={() => void read(paste)}>
              Use pasted CSV
            </button>
          </div>
        </div>
      )}
      {stage.at === "map" && (
        <MapColumns
          file={stage.file}
          mapping={stage.mapping}
          busy={progress !== null}
          onChange={(mapping) => setStage({ ...stage, mapping })}
          onCheck={() => check(stage.file, stage.mapping)}
          onBack={() => setStage({ at: "source" })}
        />
      )}
      {stage.at === "checked" && (
        <div class="stack">
          <p data-testid="check-summary">
            <strong>{stage.checked.ok.length}</strong> of {stage.file.rows.length} rows are ready to import.{" "}
            {stage.checked.problems.length > 0 && (
              <>
                <strong>{stage.checked.problems.length}</strong> rows have problems and will be skipped.
              </>
            )}
          </p>
          <Problems problems={stage.checked.problems} file={stage.file} />
          <div class="actions">
            <button
              type="button"
              disabled={progress !== null || stage.checked.ok.length === 0}
              onClick={() => runImport(stage.file, stage.checked)}
            >
              Import {stage.checked.ok.length} rows
            </button>
            <button
              type="button"
              class="secondary"
              disabled={progress !== null}
              onClick={() =>
                setStage({ at: "map", file: stage.file, mapping: csv.guessMapping(stage.file.columns) })
              }
            >
              Back to column mapping
            </button>
          </div>
        </div>
      )}
      {progress && <BatchProgress id="import-progress" progress={progress} />}
      {stage.at === "done" && (
        <div class="stack" role="status" data-testid="import-summary">
          <p class="done">Import finished.</p>
          <dl class="stats">
            <div>
              <dt>New accounts</dt>
              <dd data-testid="import-created">{stage.summary.created}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd data-testid="import-updated">{stage.summary.updated}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd data-testid="import-skipped">{stage.summary.skipped.length}</dd>
            </div>
          </dl>
          <Problems problems={stage.summary.skipped} file={stage.file} />
          <div>
            <button type="button" class="secondary" onClick={() => setStage({ at: "source" })}>
              Import another file
            </button>
          </div>
        </div>
      )}
      <Feedback error={error} />
    </section>
  );
}

type MapProps = {
  file: csv.ParsedCsv;
  mapping: csv.Mapping;
  busy: boolean;
  onChange: (m: csv.Mapping) => void;
  onCheck: () => void;
  onBack: () => void;
};

function MapColumns({ file, mapping, busy, onChange, onCheck, onBack }: MapProps) {
  const preview = csv.toInputs(file.rows.slice(0, 5), mapping);
  return (
    <MappingStep
      summary={`${file.rows.length} rows and ${file.columns.length} columns found.`}
      fields={csv.ACCOUNT_FIELDS}
      columns={file.columns}
      mapping={mapping}
      idPrefix="map"
      problems={csv.mappingProblems(mapping)}
      onChange={onChange}
      preview={
        <>
          <h3>Preview of the first rows</h3>
          <div class="table-wrap">
            <table class="compact" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {csv.ACCOUNT_FIELDS.map((f) => (
                    <th key={f.field} scope="col">
                      {f.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">{csv.sheetRow(i)}</th>
                    <td>{p.domain || "—"}</td>
                    <td>{p.name || "—"}</td>
                    <td>{p.ownerRepId ?? "—"}</td>
                    <td>{p.parentDomain ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      }
      next={`Check ${file.rows.length} rows`}
      busy={busy}
      onNext={onCheck}
      onBack={onBack}
    />
  );
}

function Problems({ problems, file }: { problems: csv.RowProblem[]; file: csv.ParsedCsv }) {
  if (problems.length === 0) return null;
  return (
    <>
      <DataTable
        columns={["Row", "Values", "Problem"]}
        compact
        testId="import-problems"
        caption="Rows with problems (spreadsheet row numbers, the header being row 1)"
      >
        {problems.slice(0, SHOWN_PROBLEMS).map((p) => (
          <tr key={p.index} data-row={csv.sheetRow(p.index)}>
            <th scope="row">{csv.sheetRow(p.index)}</th>
            <td class="wrap">{Object.values(file.rows[p.index] ?? {}).join(", ")}</td>
            <td class="wrap">{p.messages.join("; ")}</td>
          </tr>
        ))}
      </DataTable>
      {problems.length > SHOWN_PROBLEMS && (
        <p class="muted">…and {problems.length - SHOWN_PROBLEMS} more rows with problems.</p>
      )}
    </>
  );
}
