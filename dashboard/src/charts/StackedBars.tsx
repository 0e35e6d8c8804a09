import { ChartFrame, type DataTable } from "./ChartFrame";
import { linear } from "./scale";

export type Stack = { label: string; total: number; segments: { key: string; value: number }[] };

type Props = {
  title: string;
  summary: string;
  stacks: Stack[];
  keys: { key: string; label: string; color: string }[];
  table: DataTable;
};

const sum = (s: Stack) => s.segments.reduce((n, seg) => n + seg.value, 0);

const W = 640;
const ROW = 28;
const LABEL = 170;
const VALUE = 70;

/** One horizontal bar per row, split into coloured segments (outcomes per rule or rep). */
export function StackedBars({ title, summary, stacks, keys, table }: Props) {
  // A lead can collect several outcomes (contacted, then qualified…), so segments may outgrow the track.
  const top = Math.max(1, ...stacks.map((s) => Math.max(s.total, sum(s))));
  const x = linear(0, top, LABEL, W - VALUE);
  const color = new Map(keys.map((k) => [k.key, k.color]));
  const H = stacks.length * ROW + 4;
  return (
    <ChartFrame
      title={title}
      summary={summary}
      table={table}
      legend={keys.map((k) => ({ label: k.label, color: k.color }))}
    >
      <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`}>
        {stacks.map((s, i) => {
          const y0 = i * ROW + 4;
          let at = 0;
          return (
            <g key={`${s.label}-${i}`}>
              <text class="label" x={LABEL - 8} y={y0 + 15} text-anchor="end">
                {s.label.length > 24 ? `${s.label.slice(0, 23)}…` : s.label}
              </text>
              <rect class="track" x={LABEL} y={y0 + 3} width={x(s.total) - LABEL} height={ROW - 10} rx={3} />
              {s.segments.map((seg) => {
                const start = x(at);
                at += seg.value;
                return (
                  <rect
                    key={seg.key}
                    x={start}
                    y={y0 + 3}
                    width={Math.max(0, x(at) - start)}
                    height={ROW - 10}
                    fill={color.get(seg.key)}
                  />
                );
              })}
              <text class="value" x={W - VALUE + 8} y={y0 + 15}>
                {s.total} {s.total === 1 ? "lead" : "leads"}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
