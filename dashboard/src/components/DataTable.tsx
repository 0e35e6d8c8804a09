import type { ComponentChildren } from "preact";

/** A header cell; `{ hidden }` is read by screen readers only (an actions column). */
export type Column = string | { hidden: string };

type Props = {
  columns: readonly Column[];
  children: ComponentChildren;
  testId?: string;
  /** The dense style of tables inside cards (trace, form fields, team members). */
  compact?: boolean;
  caption?: string;
  /** Scrolls sideways on narrow screens instead of overflowing the card (default). */
  wrap?: boolean;
};

/** The dashboard's tables: column headers in a `thead`, the caller's rows in the `tbody`. */
export function DataTable({ columns, children, testId, compact, caption, wrap = true }: Props) {
  const table = (
    <table class={compact ? "compact" : undefined} data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === "string" ? (
              <th key={c} scope="col">
                {c}
              </th>
            ) : (
              <th key={c.hidden} scope="col">
                <span class="sr-only">{c.hidden}</span>
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return wrap ? <div class="table-wrap">{table}</div> : table;
}
