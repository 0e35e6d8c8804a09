import type { FieldSpec } from "../data/csv-import";

export type ColumnMappingProps<F extends string> = {
  fields: readonly FieldSpec<F>[];
  columns: readonly string[];
  mapping: Record<F, string>;
  /** Prefix of each select's id, so two imports on one page do not collide. */
  idPrefix: string;
  problems: readonly string[];
  onChange: (mapping: Record<F, string>) => void;
};

/** One select per field, "not in this file" first, then what blocks the import. */
export function ColumnMapping<F extends string>({
  fields,
  columns,
  mapping,
  idPrefix,
  problems,
  onChange,
}: ColumnMappingProps<F>) {
  return (
    <>
      <div class="mapping">
        {fields.map((f) => (
          <div key={f.field} class="map-field">
            <label for={`${idPrefix}-${f.field}`}>
              {f.label}
              {f.required ? " (required)" : ""}
            </label>
            <select
              id={`${idPrefix}-${f.field}`}
              value={mapping[f.field]}
              onChange={(e) => onChange({ ...mapping, [f.field]: e.currentTarget.value })}
            >
              <option value="">— Not in this file —</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {problems.map((p) => (
        <p key={p} class="error">
          {p}
        </p>
      ))}
    </>
  );
}
