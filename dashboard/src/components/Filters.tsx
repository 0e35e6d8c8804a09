import type { ComponentChildren } from "preact";
import { humanize } from "../data/format";

type BarProps = {
  /** The form's accessible name, e.g. "Filter leads". */
  label: string;
  onSubmit: () => void;
  submit: string;
  /** A "Clear" button next to the submit button, when given. */
  onClear?: () => void;
  /** A free-text search form (`role="search"`) rather than plain filters. */
  search?: boolean;
  children: ComponentChildren;
};

/** The row of filters above a list, with its submit (and optional clear) button. */
export function FilterBar({ label, onSubmit, submit, onClear, search, children }: BarProps) {
  return (
    <form
      class="filters"
      role={search ? "search" : undefined}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div class="filter-actions">
        <button type="submit">{submit}</button>
        {onClear && (
          <button type="button" class="secondary" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}

type SelectProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The first option, meaning "no filter" (value ""). */
  any: string;
  /** [value, text] pairs (a Map of id → name works as is), or codes shown humanized. */
  options: Iterable<readonly [string, string]> | readonly string[];
};

/** A filter drop-down whose empty choice means "any". */
export function SelectFilter({ label, value, onChange, any, options }: SelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{any}</option>
        {[...options]
          .map((o) => (typeof o === "string" ? [o, humanize(o)] : o))
          .map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
      </select>
    </label>
  );
}
