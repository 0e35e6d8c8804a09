/**
 * `#/insights`: rules, teams and reps by outcome with 90% credible intervals, what converts
 * credibly worse, and suggested config changes. A suggestion is replayed with the backtest and
 * saved as a draft by the admin; publishing stays on the Publish screen. Nothing changes by itself.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { GroupStatView, Insights, SuggestionView } from "../../../worker/insights/contract";
import { call } from "../api";
import { useCanWrite } from "../role";
import type { BacktestReport } from "../../../worker/config/backtest-contract";
import type { Saved } from "../../../worker/config/contract";
import { DataTable } from "../components/DataTable";
import { percent } from "../data/format";
import type { ScreenProps } from "../screens";

function Stats({ title, rows, testId }: { title: string; rows: GroupStatView[]; testId: string }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      <DataTable columns={["", "Leads", "With outcome", "Converted", "Rate", "90% interval"]} testId={testId}>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.name ?? r.id}</td>
            <td>{r.leads}</td>
            <td>{r.resolved}</td>
            <td>{r.conversions}</td>
            <td>{percent(r.rate)}</td>
            <td>
              {percent(r.lower)}–{percent(r.upper)}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

type Replay = { report: BacktestReport; confirmed: boolean } | { error: string };

/** The backtest confirms a destination change when leads move to the suggested team and none newly fall back. */
function confirms(s: SuggestionView, report: BacktestReport): boolean {
  const after = s.change.after as { teamId?: string } | null;
  const gained = report.loadShift.some((r) => r.kind === "team" && r.id === after?.teamId && r.delta > 0);
  return report.summary.destinationChanged > 0 && report.summary.newlyToFallback === 0 && gained;
}

function SuggestionCard({
  s,
  token,
  onError,
}: {
  s: SuggestionView;
  token: string;
  onError: ScreenProps["onError"];
}) {
  const [replay, setReplay] = useState<Replay | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  // Replaying a backtest and saving a draft are admin writes; an analyst reads the suggestion.
  const canWrite = useCanWrite();
  const run = async () => {
    try {
      const report = await call<BacktestReport>(token, "POST", "/v1/admin/backtest", { draft: s.draft });
      setReplay({ report, confirmed: confirms(s, report) });
    } catch (err) {
      setReplay({ error: onError(err) });
    }
  };
  const save = async () => {
    try {
      setSaved((await call<Saved>(token, "POST", "/v1/admin/config/versions", s.draft)).version);
    } catch (err) {
      setReplay({ error: onError(err) });
    }
  };
  return (
    <li class="card" data-testid="suggestion">
      <strong>{s.title}</strong>
      <p>{s.reason}</p>
      {s.expected && (
        <p class="muted">
          At the observed rates its {s.expected.leads} leads would bring {s.expected.after.toFixed(1)}{" "}
          conversions instead of {s.expected.before.toFixed(1)}.
        </p>
      )}
      {canWrite && (
        <div class="toolbar">
          <button type="button" onClick={() => void run()}>
            Replay with backtest
          </button>
          <button type="button" onClick={() => void save()}>
            Save as draft
          </button>
        </div>
      )}
      {replay && "error" in replay && (
        <p class="error" role="alert">
          {replay.error}
        </p>
      )}
      {replay && "report" in replay && (
        <p data-testid="replay">
          Backtest: of {replay.report.summary.total} recent leads, {replay.report.summary.destinationChanged}{" "}
          would go elsewhere, {replay.report.summary.newlyToFallback} newly to the fallback.{" "}
          <strong>{replay.confirmed ? "Confirmed." : "Not confirmed."}</strong>
        </p>
      )}
      {saved !== null && (
        <p data-testid="saved">
          Saved as version {saved}. Review and publish it on <a href="#/publish">Publish</a>.
        </p>
      )}
    </li>
  );
}

export function InsightsScreen({ token, onError }: ScreenProps) {
  const [data, setData] = useState<Insights | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<Insights>(token, "GET", "/v1/admin/insights").then(setData, (err) => setError(onError(err)));
  }, [token, onError]);
  const bySuggestion = useMemo(() => data?.suggestions ?? [], [data]);
  return (
    <>
      <section class="card">
        <h1>Insights</h1>
        <p class="muted">
          Leads of the last 90 days by outcome. Rates are posterior means with 90% credible intervals; a flag
          means even the top of the interval is below the comparison.
        </p>
        {!data && !error && <p class="muted">Loading…</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {data && (
          <ul data-testid="flags">
            {data.flags.length === 0 && <li class="muted">Nothing converts credibly worse than the rest.</li>}
            {data.flags.map((f, i) => (
              <li key={i} data-testid="flag">
                {f.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      {bySuggestion.length > 0 && (
        <section>
          <h2>Suggested changes</h2>
          <ul class="plain">
            {bySuggestion.map((s, i) => (
              <SuggestionCard key={i} s={s} token={token} onError={onError} />
            ))}
          </ul>
        </section>
      )}
      {data && <Stats title="Rules" rows={data.rules} testId="insights-rules" />}
      {data && <Stats title="Teams" rows={data.teams} testId="insights-teams" />}
      {data && <Stats title="Reps" rows={data.reps} testId="insights-reps" />}
    </>
  );
}
