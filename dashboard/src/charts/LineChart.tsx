import { formatDay } from "../data/format";
import { ChartFrame, type DataTable } from "./ChartFrame";
import { labelIndexes, linear, linePath, ticks } from "./scale";

export type Series = { name: string; color: string; values: number[] };

type Props = { title: string; summary: string; dates: string[]; series: Series[] };

const W = 640;
const H = 220;
const PAD = { top: 10, right: 12, bottom: 26, left: 36 };

/** The first and last day labels sit inside the plot rather than half outside it. */
const anchor = (i: number, n: number) =>
  n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle";

/** Counts per day, one line per series, with gridlines on round numbers. */
export function LineChart({ title, summary, dates, series }: Props) {
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const yTicks = ticks(max);
  const top = yTicks[yTicks.length - 1]!;
  const x = linear(0, Math.max(1, dates.length - 1), PAD.left, W - PAD.right);
  const y = linear(0, top, H - PAD.bottom, PAD.top);
  const table: DataTable = {
    columns: ["Day", ...series.map((s) => s.name)],
    rows: dates.map((d, i) => [d, ...series.map((s) => s.values[i] ?? 0)]),
  };
  return (
    <ChartFrame
      title={title}
      summary={summary}
      table={table}
      legend={series.map((s) => ({ label: s.name, color: s.color }))}
    >
      <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`}>
        {yTicks.map((t) => (
          <g key={t}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text class="tick" x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {labelIndexes(dates.length, 7).map((i) => (
          <text key={i} class="tick" x={x(i)} y={H - 8} text-anchor={anchor(i, dates.length)}>
            {formatDay(dates[i]!)}
          </text>
        ))}
        {series.map((s) => (
          <g key={s.name}>
            <path
              d={linePath(s.values.map((v, i) => [x(i), y(v)]))}
              fill="none"
              stroke={s.color}
              stroke-width={2}
            />
            {s.values.length <= 31 &&
              s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color} />)}
          </g>
        ))}
      </svg>
    </ChartFrame>
  );
}
