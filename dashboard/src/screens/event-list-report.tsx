import { useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import { nameOf, type Directory } from "../data/directory";
import type { DryRun, EventList } from "../data-api";

/** Rows of a table shown before "Show all": enough to scan, few enough to render at once. */
const SHOWN = 200;

const OUTCOME_LABEL: Record<DryRun["rows"][number]["outcome"], string> = {
  route: "New lead",
  merged: "Merged into an existing lead",
  duplicate: "Already routed by an earlier upload",
  unroutable: "No rep can take it now",
};

/** New leads per rep: what each rep would receive (dry run) or has received (run). */
export function PerRep({
  perRep,
  dir,
  testId,
}: {
  perRep: DryRun["perRep"];
  dir: Directory;
  testId: string;
}) {
  if (perRep.length === 0) return <p class="muted">No new leads.</p>;
  return (
    <DataTable columns={["Rep", "New leads"]} compact testId={testId} caption="New leads per rep">
      {perRep.map((r) => (
        <tr key={r.repId} data-rep={r.repId}>
          <th scope="row">{nameOf(dir.reps, r.repId)}</th>
          <td>{r.count}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Rows that make no lead, by spreadsheet row, with the reason. */
export function Refused({ refused }: { refused: DryRun["refused"] }) {
  const [all, setAll] = useState(false);
  if (refused.length === 0) return null;
  return (
    <>
      <DataTable
        columns={["Row", "Why it is refused"]}
        compact
        testId="event-refused"
        caption="Refused rows (spreadsheet row numbers, the header being row 1)"
      >
        {(all ? refused : refused.slice(0, SHOWN)).map((r) => (
          <tr key={r.row} data-row={r.row}>
            <th scope="row">{r.row}</th>
            <td class="wrap">{r.reason}</td>
          </tr>
        ))}
      </DataTable>
      {!all && refused.length > SHOWN && (
        <button type="button" class="secondary" onClick={() => setAll(true)}>
          Show all {refused.length} refused rows
        </button>
      )}
    </>
  );
}

/** The dry run: counts, new leads per rep, refused rows, and where each row goes. */
export function DryRunReport({ dry, dir }: { dry: DryRun; dir: Directory }) {
  const [all, setAll] = useState(false);
  const rows = all ? dry.rows : dry.rows.slice(0, SHOWN);
  return (
    <div class="stack" data-testid="event-dry-run">
      <dl class="stats">
        <Stat label="New leads" value={dry.counts.route} id="dry-route" />
        <Stat label="Merged with existing leads" value={dry.counts.merged} id="dry-merged" />
        <Stat label="Already routed" value={dry.counts.duplicate} id="dry-duplicate" />
        <Stat label="Refused" value={dry.counts.refused} id="dry-refused" />
        {dry.counts.unroutable > 0 && (
          <Stat label="No rep now" value={dry.counts.unroutable} id="dry-unroutable" />
        )}
      </dl>
      <PerRep perRep={dry.perRep} dir={dir} testId="dry-per-rep" />
      <Refused refused={dry.refused} />
      <DataTable
        columns={["Row", "Email", "Goes to", "Rule"]}
        compact
        testId="dry-rows"
        caption="Where each row goes"
      >
        {rows.map((r) => (
          <tr key={r.row} data-row={r.row}>
            <th scope="row">{r.row}</th>
            <td class="wrap">{r.email ?? "—"}</td>
            <td>
              {r.outcome === "route" ? nameOf(dir.reps, r.repId) : OUTCOME_LABEL[r.outcome]}
              {r.outcome !== "route" && r.repId ? ` (${nameOf(dir.reps, r.repId)})` : ""}
            </td>
            <td>{r.ruleId ? nameOf(dir.rules, r.ruleId) : "—"}</td>
          </tr>
        ))}
      </DataTable>
      {!all && dry.rows.length > SHOWN && (
        <button type="button" class="secondary" onClick={() => setAll(true)}>
          Show all {dry.rows.length} rows
        </button>
      )}
    </div>
  );
}

export function Stat({ label, value, id }: { label: string; value: number; id: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={id}>{value}</dd>
    </div>
  );
}

/** A list's counts after (or during) its run. */
export function RunCounts({ list }: { list: EventList }) {
  const c = list.counts;
  return (
    <dl class="stats" data-testid="event-run-counts">
      <Stat label="Routed as new leads" value={c.routed} id="run-routed" />
      <Stat label="Merged with existing leads" value={c.merged} id="run-merged" />
      <Stat label="Already routed" value={c.duplicate} id="run-duplicate" />
      <Stat label="Refused" value={c.refused} id="run-refused" />
      {c.unrouted > 0 && <Stat label="Waiting for a rep" value={c.unrouted} id="run-unrouted" />}
      {c.pending > 0 && <Stat label="Not yet routed" value={c.pending} id="run-pending" />}
    </dl>
  );
}
