/**
 * The SOQL the fake Salesforce understands: exactly the statements Baton sends (and a little
 * more), parsed for real so that a malformed one fails as Salesforce's does (400
 * MALFORMED_QUERY). Grammar, from Salesforce's "SOQL SELECT Syntax" and "Date Formats and
 * Date Literals in WHERE" (dateTime literals unquoted, e.g. 2005-10-08T01:02:03Z):
 *
 *   SELECT field[, field…] FROM Object [WHERE cond [AND|OR cond…]] [ORDER BY f [ASC|DESC][, …]] [LIMIT n]
 *   cond := field = 'x' | field != 'x' | field = true|false|null | field IN ('a', 'b')
 *         | field LIKE 'pat%' | field >|>=|<|<= 2024-01-01T00:00:00Z | ( cond … )
 *
 * Fields may be relationship paths (`Owner.Email`, `Parent.Website`): the fake resolves
 * `<Name>Id` to the record it points at.
 */

export type SfRecord = { Id: string; type: string; fields: Record<string, unknown> };

export class SoqlError extends Error {}

type Cond =
  | { kind: "cmp"; field: string; op: string; value: unknown }
  | { kind: "in"; field: string; values: unknown[] }
  | { kind: "and"; parts: Cond[] }
  | { kind: "or"; parts: Cond[] };

export type Query = {
  fields: string[];
  object: string;
  where: Cond | null;
  order: { field: string; desc: boolean }[];
  limit: number | null;
};

const TOKEN =
  /\s*(?:('(?:[^'\\]|\\.)*')|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(!=|>=|<=|=|<|>|\(|\)|,)|([A-Za-z_][A-Za-z0-9_.]*|\d+))/y;

function tokenize(q: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < q.length) {
    if (/^\s*$/.test(q.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(q);
    if (!m) throw new SoqlError(`unexpected token at ${TOKEN.lastIndex}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return out;
}

function literal(tok: string): unknown {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^\d{4}-\d{2}-\d{2}T/.test(tok)) return { dateTime: Date.parse(tok) };
  const lower = tok.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  if (lower === "null") return null;
  if (/^\d+$/.test(tok)) return Number(tok);
  throw new SoqlError(`unexpected value ${tok}`);
}

export function parseSoql(q: string): Query {
  const t = tokenize(q);
  let i = 0;
  const kw = (word: string) => t[i]?.toUpperCase() === word && (i++, true);
  const need = (word: string) => {
    if (!kw(word)) throw new SoqlError(`expected ${word}`);
  };
  need("SELECT");
  const fields: string[] = [];
  do fields.push(t[i++] ?? "");
  while (t[i] === "," && i++);
  need("FROM");
  const object = t[i++] ?? "";
  const cond = (): Cond => {
    const parts: Cond[] = [atom()];
    let joiner: "and" | "or" | null = null;
    while (t[i]?.toUpperCase() === "AND" || t[i]?.toUpperCase() === "OR") {
      const j = t[i++]!.toLowerCase() as "and" | "or";
      if (joiner && joiner !== j) throw new SoqlError("mixing AND and OR needs parentheses");
      joiner = j;
      parts.push(atom());
    }
    if (parts.length === 1) return parts[0]!;
    return joiner === "or" ? { kind: "or", parts } : { kind: "and", parts };
  };
  const atom = (): Cond => {
    if (t[i] === "(") {
      i++;
      const c = cond();
      if (t[i++] !== ")") throw new SoqlError("expected )");
      return c;
    }
    const field = t[i++] ?? "";
    if (kw("IN")) {
      if (t[i++] !== "(") throw new SoqlError("expected (");
      const values: unknown[] = [];
      do values.push(literal(t[i++] ?? ""));
      while (t[i] === "," && i++);
      if (t[i++] !== ")") throw new SoqlError("expected )");
      return { kind: "in", field, values };
    }
    const op = t[i++]?.toUpperCase() ?? "";
    if (!["=", "!=", ">", ">=", "<", "<=", "LIKE"].includes(op)) throw new SoqlError(`bad operator ${op}`);
    return { kind: "cmp", field, op, value: literal(t[i++] ?? "") };
  };
  const where = kw("WHERE") ? cond() : null;
  const order: Query["order"] = [];
  if (kw("ORDER")) {
    need("BY");
    do {
      const field = t[i++] ?? "";
      const desc = kw("DESC");
      if (!desc) kw("ASC");
      order.push({ field, desc });
    } while (t[i] === "," && i++);
  }
  const limit = kw("LIMIT") ? Number(t[i++]) : null;
  if (i !== t.length) throw new SoqlError(`unexpected ${t[i]}`);
  if (!fields.every(Boolean) || !object) throw new SoqlError("empty field or object");
  return { fields, object, where, order, limit };
}

export type Resolve = (id: unknown) => SfRecord | undefined;

/** A record's value for a field path (`Name`, `Owner.Email`), case-insensitively as SOQL does. */
export function valueOf(rec: SfRecord, path: string, resolve: Resolve): unknown {
  const [head, ...rest] = path.split(".");
  if (rest.length) {
    const target = resolve(valueOf(rec, `${head}Id`, resolve));
    return target ? valueOf(target, rest.join("."), resolve) : null;
  }
  if (head!.toLowerCase() === "id") return rec.Id;
  const key = Object.keys(rec.fields).find((k) => k.toLowerCase() === head!.toLowerCase());
  return key === undefined ? null : rec.fields[key];
}

const asTime = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);

function test(rec: SfRecord, c: Cond, resolve: Resolve): boolean {
  if (c.kind === "and" || c.kind === "or")
    return c.kind === "and"
      ? c.parts.every((p) => test(rec, p, resolve))
      : c.parts.some((p) => test(rec, p, resolve));
  const v = valueOf(rec, c.field, resolve);
  const same = (x: unknown) =>
    typeof x === "string" && typeof v === "string" ? x.toLowerCase() === v.toLowerCase() : x === (v ?? null);
  if (c.kind === "in") return c.values.some(same);
  const lit = c.value as { dateTime: number } | string | null;
  if (c.op === "LIKE") {
    const re = new RegExp(
      `^${String(lit)
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(/%/g, ".*")
        .replace(/_/g, ".")}$`,
      "i",
    );
    return typeof v === "string" && re.test(v);
  }
  const isTime = typeof lit === "object" && lit !== null && "dateTime" in lit;
  if (c.op === "=" && !isTime) return same(lit);
  if (c.op === "!=" && !isTime) return !same(lit);
  if (isTime && (c.op === "=" || c.op === "!="))
    return (asTime(v) === (lit as { dateTime: number }).dateTime) === (c.op === "=");
  const a = isTime ? asTime(v) : Number(v);
  const b = isTime ? (lit as { dateTime: number }).dateTime : Number(lit);
  if (!Number.isFinite(a)) return false;
  return c.op === ">" ? a > b : c.op === ">=" ? a >= b : c.op === "<" ? a < b : a <= b;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1; // NULLS FIRST is SOQL's default for ASC
  if (b === null || b === undefined) return 1;
  const ta = asTime(a);
  const tb = asTime(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && /\d{4}-\d{2}-\d{2}T/.test(String(a))) return ta - tb;
  return String(a).localeCompare(String(b));
}

/** The records a query selects, in order, before paging. */
export function runSoql(q: Query, records: SfRecord[], resolve: Resolve): SfRecord[] {
  let rows = records.filter((r) => !q.where || test(r, q.where, resolve));
  if (q.order.length)
    rows = rows.toSorted((x, y) => {
      for (const o of q.order) {
        const d = compare(valueOf(x, o.field, resolve), valueOf(y, o.field, resolve));
        if (d) return o.desc ? -d : d;
      }
      return 0;
    });
  return q.limit === null ? rows : rows.slice(0, q.limit);
}

/** One row as the REST API returns it: `attributes`, then the selected fields (paths nested). */
export function project(rec: SfRecord, fields: string[], resolve: Resolve, version: string) {
  const out: Record<string, unknown> = {
    attributes: { type: rec.type, url: `/services/data/${version}/sobjects/${rec.type}/${rec.Id}` },
  };
  for (const f of fields) {
    const [head, ...rest] = f.split(".");
    if (!rest.length) {
      out[head === "id" ? "Id" : head!] = valueOf(rec, head!, resolve) ?? null;
      continue;
    }
    const target = resolve(valueOf(rec, `${head}Id`, resolve));
    if (!target) {
      out[head!] = null;
      continue;
    }
    const nested = (out[head!] ??= {
      attributes: {
        type: target.type,
        url: `/services/data/${version}/sobjects/${target.type}/${target.Id}`,
      },
    }) as Record<string, unknown>;
    nested[rest.join(".")] = valueOf(target, rest.join("."), resolve) ?? null;
  }
  return out;
}
