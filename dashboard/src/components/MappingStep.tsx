import type { ComponentChildren } from "preact";
import { ColumnMapping, type ColumnMappingProps } from "./ColumnMapping";

type Props<F extends string> = ColumnMappingProps<F> & {
  /** What the file holds, e.g. "1000 rows and 4 columns found." */
  summary: ComponentChildren;
  /** The first rows as the mapping reads them. */
  preview: ComponentChildren;
  /** The next step's button, e.g. "Check 1000 rows"; held back while a mapping problem stands. */
  next: string;
  /** Whatever else the next step waits for (an event name, a rule set). */
  ready?: boolean;
  busy: boolean;
  onNext: () => void;
  onBack: () => void;
};

/** The column-mapping step of a CSV import: what the file holds, one select per field, a preview, next or back. */
export function MappingStep<F extends string>({
  summary,
  preview,
  next,
  ready = true,
  busy,
  onNext,
  onBack,
  ...mapping
}: Props<F>) {
  return (
    <div class="stack">
      <p>{summary} Choose which column holds each field.</p>
      <ColumnMapping {...mapping} />
      {preview}
      <div class="actions">
        <button type="button" disabled={busy || !ready || mapping.problems.length > 0} onClick={onNext}>
          {next}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onBack}>
          Choose another file
        </button>
      </div>
    </div>
  );
}
