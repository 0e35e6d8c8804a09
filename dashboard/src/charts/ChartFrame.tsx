import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

export type DataTable = { columns: string[]; rows: (string | number)[][] };

type Props = {
  title: string;
  /** One sentence a screen reader announces for the chart (its aria-label) and sighted users read. */
  summary: string;
  table: DataTable;
  legend?: { label: string; color: string; dashed?: boolean }[];
  children: ComponentChildren;
};

/**
 * A chart with its title, a one-line summary, a legend and the same numbers as a table:
 * the SVG alone is not readable by everyone, the table is.
 */
export function ChartFrame({ title, summary, table, legend, children }: Props) {
  const id = useId();
  return (
    <figure class="chart" aria-labelledby={id} data-chart={title}>
      <figcaption>
        <h3 id={id}>{title}</h3>
        <p class="muted">{summary}</p>
      </figcaption>
      {legend && legend.length > 0 && (
        <ul class="chart-legend" aria-hidden="true">
          {legend.map((l) => (
            <li key={l.label}>
              <span
                class={l.dashed ? "swatch dashed" : "swatch"}
                style={{ borderColor: l.color, background: l.dashed ? "transparent" : l.color }}
              />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      {children}
      <details>
        <summary>Show the numbers</summary>
        <div class="table-wrap">
          <table class="compact">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th scope="row" key={j}>
                        {cell}
                      </th>
                    ) : (
                      <td key={j}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** The chart palette: distinguishable, and dark enough on white. */
export const COLORS = ["#4f46e5", "#059669", "#d97706", "#dc2626", "#0891b2", "#7c3aed", "#4b5563"];
