import { ChartFrame, type DataTable } from "./ChartFrame";
import { linear } from "./scale";

export type Bar = {
  label: string;
  value: number;
  /** The value as printed at the end of the bar, e.g. "42%" or "120". */
  display: string;
  /** A marker to compare against, on the same scale (e.g. the rep's target share). */
  target?: number | null;
  color?: string;
};

type Props = {
  title: string;
  summary: string;
  bars: Bar[];
  /** The value at the right edge; defaults to the largest value or target. */
  max?: number;
  table: DataTable;
  targetLabel?: string;
  color?: string;
};

const W = 640;
const ROW = 28;
const LABEL = 170;
const VALUE = 70;

/** Horizontal bars, one per row, with an optional target marker: shares, rates, funnels. */
export function BarList({ title, summary, bars, max, table, targetLabel, color = "#4f46e5" }: Props) {
  const top = max ?? Math.max(1e-9, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const x = linear(0, top, LABEL, W - VALUE);
  const H = bars.length * ROW + 4;
  const legend = targetLabel
    ? [
        { label: "Actual", color },
        { label: targetLabel, color: "#111827", dashed: true },
      ]
    : undefined;
  return (
    <ChartFrame title={title} summary={summary} table={table} legend={legend}>
      <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`}>
        {bars.map((b, i) => {
          const y0 = i * ROW + 4;
          return (
            <g key={`${b.label}-${i}`}>
              <text class="label" x={LABEL - 8} y={y0 + 15} text-anchor="end">
                {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
              </text>
              <rect class="track" x={LABEL} y={y0 + 3} width={W - VALUE - LABEL} height={ROW - 10} rx={3} />
              <rect
                x={LABEL}
                y={y0 + 3}
                width={Math.max(0, x(b.value) - LABEL)}
                height={ROW - 10}
                rx={3}
                fill={b.color ?? color}
              />
              {b.target != null && (
                <line class="target" x1={x(b.target)} x2={x(b.target)} y1={y0} y2={y0 + ROW - 4} />
              )}
              <text class="value" x={W - VALUE + 8} y={y0 + 15}>
                {b.display}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
