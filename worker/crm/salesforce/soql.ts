/**
 * SOQL text built safely: values are quoted and escaped as Salesforce's "Quoted String Escape
 * Sequences" say (backslash before ' " \ and the control escapes), identifiers are checked,
 * dateTimes go unquoted in the documented YYYY-MM-DDThh:mm:ssZ form.
 */
import { CrmError } from "../connector";

type DateTimeValue = { dateTime: string };
type Value = string | number | boolean | null | readonly string[] | DateTimeValue;

const IDENT = /^[A-Za-z][A-Za-z0-9_.]{0,120}$/;

export function quote(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\f\b]/g, (c) => {
    const map: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b" };
    return map[c] ?? `\\${c}`;
  });
  return `'${escaped}'`;
}

function render(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new CrmError("not a SOQL number", "invalid", false);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return quote(v);
  if (Array.isArray(v)) {
    // A list of identifiers (the SELECT list): checked, never quoted.
    for (const f of v) if (!IDENT.test(f)) throw new CrmError(`not a field name: ${f}`, "invalid", false);
    return v.join(", ");
  }
  const dt = (v as DateTimeValue).dateTime;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(dt))
    throw new CrmError("bad dateTime", "invalid", false);
  return dt;
}

/**
 * `soql\`SELECT ${fields} FROM ${type} WHERE Email = ${email}\``. A bare string in the FROM
 * position would be quoted, so object names pass as identifiers: strings matching an object
 * name right after FROM are left as they are.
 */
export function soql(parts: TemplateStringsArray, ...values: Value[]): string {
  let out = parts[0] ?? "";
  values.forEach((v, i) => {
    const afterFrom = /\bFROM\s*$/i.test(out);
    if (afterFrom) {
      if (typeof v !== "string" || !IDENT.test(v)) throw new CrmError("bad object name", "invalid", false);
      out += v;
    } else out += render(v);
    out += parts[i + 1] ?? "";
  });
  return out;
}

/** Epoch ms → the dateTime form SOQL and sObject writes take (UTC, milliseconds). */
export const sfDateTime = (ms: number) => new Date(ms).toISOString();

/** Salesforce's `2024-01-01T00:00:00.000+0000` → epoch ms (0 when absent or unreadable). */
export function parseSfDateTime(v: unknown): number {
  if (typeof v !== "string") return 0;
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(t) ? t : 0;
}
