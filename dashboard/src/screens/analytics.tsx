import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { BarList } from "../charts/BarList";
import { COLORS } from "../charts/ChartFrame";
import { LineChart } from "../charts/LineChart";
import { StackedBars } from "../charts/StackedBars";
import * as view from "../data/analytics-view";
import { nameOf, useDirectory, type Directory } from "../data/directory";
import { duration, formatDay, humanize, percent } from "../data/format";
import { dataApi, OUTCOME_KINDS, type Analytics, type OutcomeCounts } from "../data-api";
import type { ScreenProps } from "../screens";

const RANGES = [7, 30, 90] as const;
const OUTCOME_KEYS = OUTCOME_KINDS.map((k, i) => ({
  key: k,
  label: humanize(k),
  color: COLORS[i % COLORS.length]!,
}));

/** Leads, distribution, SLA, funnel and conversion for a period, as charts with tables. */
export function AnalyticsScreen({ token, onError }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [days, setDays] = useState<number>(30);
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      // The server counts the org's calendar days, today included.
      setData(await api.analytics(days));
    } catch (err) {
      setError(onError(err));
    }
  }, [api, days, onError]);
  useEffect(() => void load(), [load]);

  return (
    <>
      <section class="card">
        <div class="toolbar">
          <h1>Analytics</h1>
          <label class="inline">
            Period{" "}
            <select value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
              {RANGES.map((d) => (
                <option key={d} value={String(d)}>
                  Last {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
        {!data && !error && <p class="muted">Loading…</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {data && <Headline data={data} />}
      </section>
      {data && data.funnel.submitted === 0 && (
        <section class="card">
          <p class="muted">No leads arrived in this period. Charts appear once forms are submitted.</p>
        </section>
      )}
      {data && data.funnel.submitted > 0 && <Charts data={data} dir={dir} />}
    </>
  );
}

function Headline({ data }: { data: Analytics }) {
  const f = data.funnel;
  const stats = [
    ["Leads", f.submitted],
    ["Shown slots", f.slotsShown],
    ["Booked", f.booked],
    ["Booking rate", percent(f.submitted ? f.booked / f.submitted : null)],
    // Submitted but not booked: how many the follow-up brought back (cal.com's "incomplete bookings").
    ["Recovered by follow-up", `${f.recovered ?? 0} of ${f.followedUp ?? 0}`],
  ] as const;
  return (
    <dl class="stats">
      {stats.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Charts({ data, dir }: { data: Analytics; dir: Directory }) {
  const totals = view.seriesTotals(data.series);
  const busiest = view.busiestDay(data.series);
  const dates = data.series.map((d) => d.date);
  const stages = view.funnelStages(data.funnel);
  return (
    <>
      <section class="card">
        <LineChart
          title="Leads and bookings over time"
          summary={`${totals.leads} leads and ${totals.booked} bookings over ${dates.length} days${busiest ? `; busiest day ${formatDay(busiest.date)} with ${busiest.leads} leads` : ""}.`}
          dates={dates}
          series={[
            { name: "Leads", color: COLORS[0]!, values: data.series.map((d) => d.leads) },
            { name: "Shown slots", color: COLORS[4]!, values: data.series.map((d) => d.slotsShown) },
            { name: "Booked", color: COLORS[1]!, values: data.series.map((d) => d.booked) },
          ]}
        />
      </section>
      <section class="card">
        <BarList
          title="Funnel: submitted → slots shown → booked"
          summary={view.funnelSummary(data.funnel)}
          max={Math.max(1, data.funnel.submitted)}
          bars={stages.map((s, i) => ({
            label: s.label,
            value: s.count,
            display: `${s.count} · ${percent(s.ofSubmitted, 0)}`,
            color: COLORS[[0, 4, 1][i]!],
          }))}
          table={{
            columns: ["Stage", "Leads", "Of submitted", "Of previous stage"],
            rows: stages.map((s) => [s.label, s.count, percent(s.ofSubmitted), percent(s.ofPrevious)]),
          }}
        />
      </section>
      <Distribution data={data} dir={dir} />
      <Sla data={data} dir={dir} />
      <Conversion data={data} dir={dir} />
    </>
  );
}

function Distribution({ data, dir }: { data: Analytics; dir: Directory }) {
  const teams = view.distributionByTeam(data.distribution);
  return (
    <section class="card">
      <h2>Distribution per rep against target share</h2>
      {teams.length === 0 && <p class="muted">No lead was assigned to a rep in this period.</p>}
      {teams.map((t) => {
        const gap = view.largestGap(t.reps);
        const team = nameOf(dir.teams, t.teamId, t.teamId ?? "No team");
        return (
          <BarList
            key={t.teamId ?? "none"}
            title={team}
            summary={
              t.total === 0
                ? "No lead went to this team in this period."
                : `${t.total} leads across ${t.reps.length} reps${gap ? `; furthest from target: ${gap.name}, ${gap.points >= 0 ? "+" : ""}${gap.points.toFixed(1)} points` : ""}.`
            }
            max={Math.max(...t.reps.map((r) => Math.max(r.share, r.targetShare ?? 0)), 0.01)}
            targetLabel="Target share"
            bars={t.reps.map((r) => ({
              label: r.repName ?? nameOf(dir.reps, r.repId),
              value: r.share,
              target: r.targetShare,
              display: percent(r.share, 0),
            }))}
            table={{
              columns: ["Rep", "Leads", "Share", "Target share"],
              rows: t.reps.map((r) => [
                r.repName ?? nameOf(dir.reps, r.repId),
                r.count,
                percent(r.share),
                percent(r.targetShare),
              ]),
            }}
          />
        );
      })}
    </section>
  );
}

function Sla({ data, dir }: { data: Analytics; dir: Directory }) {
  const rows = data.sla;
  const team = (id: string | null) => nameOf(dir.teams, id, id ?? "No team");
  return (
    <section class="card">
      {rows.length === 0 ? (
        <>
          <h2>Time to accept and SLA compliance</h2>
          <p class="muted">No assignment with an SLA in this period.</p>
        </>
      ) : (
        <BarList
          title="Time to accept and SLA compliance per team"
          summary={rows
            .map(
              (r) =>
                `${team(r.teamId)}: ${percent(r.compliance, 0)} within SLA, median ${duration(r.medianMinutesToAccept)} to accept`,
            )
            .join("; ")}
          max={1}
          color={COLORS[1]}
          bars={rows.map((r) => ({
            label: team(r.teamId),
            value: r.compliance ?? 0,
            display: percent(r.compliance, 0),
          }))}
          table={{
            columns: ["Team", "Assignments", "Accepted", "Breached", "Within SLA", "Median time to accept"],
            rows: rows.map((r) => [
              team(r.teamId),
              r.assignments,
              r.accepted,
              r.breached,
              percent(r.compliance),
              duration(r.medianMinutesToAccept),
            ]),
          }}
        />
      )}
    </section>
  );
}

function Conversion({ data, dir }: { data: Analytics; dir: Directory }) {
  if (!view.hasOutcomes(data.conversion)) {
    return (
      <section class="card">
        <h2>Conversion by rule and by rep</h2>
        <p class="muted">
          Conversion appears once outcomes (contacted, qualified, won…) are recorded on leads.
        </p>
      </section>
    );
  }
  type Row = { label: string; leads: number; outcomes: OutcomeCounts };
  const table = (rows: Row[]) => ({
    columns: ["", "Leads", ...OUTCOME_KEYS.map((k) => k.label), "Won rate"],
    rows: rows.map((r) => [
      r.label,
      r.leads,
      ...OUTCOME_KINDS.map((k) => r.outcomes[k] ?? 0),
      percent(view.winRate(r)),
    ]),
  });
  const byRule = data.conversion.byRule.map((r) => ({
    ...r,
    label: r.ruleId ? nameOf(dir.rules, r.ruleId) : "Unrouted",
  }));
  const byRep = data.conversion.byRep.map((r) => ({ ...r, label: r.repName ?? nameOf(dir.reps, r.repId) }));
  const stacks = (rows: Row[]) =>
    rows.map((r) => ({ label: r.label, total: r.leads, segments: view.outcomeSegments(r.outcomes) }));
  const total = (rows: Row[]) => rows.reduce((n, r) => n + (r.outcomes.won ?? 0), 0);
  return (
    <section class="card">
      <StackedBars
        title="Conversion by rule"
        summary={`Outcomes recorded for leads of each rule; ${total(byRule)} won in total. A lead can have several outcomes.`}
        stacks={stacks(byRule)}
        keys={OUTCOME_KEYS}
        table={table(byRule)}
      />
      <StackedBars
        title="Conversion by rep"
        summary={`Outcomes recorded for each rep's leads; ${total(byRep)} won in total.`}
        stacks={stacks(byRep)}
        keys={OUTCOME_KEYS}
        table={table(byRep)}
      />
    </section>
  );
}
