import { useEffect, useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";

type Row = { field: string; property: string };
type Props = {
  /** What a form field maps to: "HubSpot property" (default) or "Salesforce field". */
  target?: string;
  heading?: string;
  mapping: Record<string, string>;
  busy: boolean;
  onSave: (mapping: Record<string, string>) => void;
};

const rowsOf = (m: Record<string, string>): Row[] =>
  Object.entries(m).map(([field, property]) => ({ field, property }));

/**
 * Form field → CRM property (HubSpot internal names, lower case) or field (Salesforce API names),
 * written on every upsert besides email, name, company, source and UTM. The server checks names.
 */
export function FieldMapping({
  target = "HubSpot property",
  heading = "Form fields → HubSpot properties",
  mapping,
  busy,
  onSave,
}: Props) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(mapping));
  useEffect(() => setRows(rowsOf(mapping)), [mapping]);
  const edit = (i: number, key: keyof Row, value: string) =>
    setRows((r) => r.map((row, j) => (j === i ? { ...row, [key]: value } : row)));
  const save = () =>
    onSave(
      Object.fromEntries(
        rows
          .filter((r) => r.field.trim() && r.property.trim())
          .map((r) => [r.field.trim(), r.property.trim()]),
      ),
    );
  return (
    <>
      <h3>{heading}</h3>
      {rows.length > 0 && (
        <DataTable caption="Field mapping" columns={["Form field", target, { hidden: "Remove" }]} compact>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Form field ${i + 1}`}
                  value={r.field}
                  onInput={(e) => edit(i, "field", e.currentTarget.value)}
                />
              </td>
              <td>
                <input
                  aria-label={`${target} ${i + 1}`}
                  value={r.property}
                  onInput={(e) => edit(i, "property", e.currentTarget.value)}
                />
              </td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  Remove <span class="sr-only">mapping {i + 1}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          onClick={() => setRows([...rows, { field: "", property: "" }])}
        >
          Add a field
        </button>
        <button type="button" disabled={busy} onClick={save}>
          Save field mapping
        </button>
      </div>
    </>
  );
}
