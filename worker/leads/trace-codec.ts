/**
 * How a routing decision's trace is stored: its JSON, deflated (`CompressionStream`,
 * "deflate-raw") behind a one-byte format tag, as a BLOB. A trace is about 3.7 KB of JSON
 * whose rule, fact and rep names repeat; deflated it is about 1.1 KB, and it is the largest
 * thing Baton keeps per lead (docs/capacity.md). The same bytes are what the archive puts in
 * R2, so archiving moves them without re-encoding. Rows written before this codec keep the
 * JSON in `routing_decisions.trace`; `readTrace` reads either.
 */

/** Format tag: 1 = deflate-raw of UTF-8 JSON. A later format gets a new tag; old rows stay readable. */
const DEFLATE_JSON = 1;

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function through(
  bytes: Uint8Array,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  return drain(new Blob([bytes]).stream().pipeThrough(transform));
}

/** The stored form of a trace (any JSON value). */
export async function encodeTrace(trace: unknown): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(trace));
  const body = await through(json, new CompressionStream("deflate-raw"));
  const out = new Uint8Array(body.length + 1);
  out[0] = DEFLATE_JSON;
  out.set(body, 1);
  return out;
}

/**
 * Format tag 2: the routing facts alone (`routing_decisions.facts_z` of an archived decision),
 * deflate-raw of a flat JSON array `[key, value, key, value, …]` where a key is the index of a
 * name in FACT_NAMES, `[i, rest]` for a name under FACT_PREFIXES[i], or the name itself. Every
 * archived lead keeps its facts in D1 (backtest, insights and the predictive rebuild scan them),
 * and the names were about a third of their deflated bytes (docs/capacity.md).
 */
const FACTS_KEYED = 2;

/**
 * Fact names format 2 writes as numbers. APPEND ONLY: a stored number must keep meaning its
 * name (test/unit/trace-codec.test.ts pins the list). Names Baton derives
 * (core/lead-facts/fact-names.ts) as of this format.
 */
export const FACT_NAMES: readonly string[] = [
  "form_id",
  "email",
  "email_host",
  "email_domain",
  "is_free_email",
  "is_disposable",
  "is_role",
  "company",
  "country",
  "subdivision",
  "postal_code",
  "region",
  "employees",
  "revenue",
  "source",
  "page_url",
  "referrer",
  "score",
  "tier",
  "account.matched",
  "account.domain",
  "account.name",
  "account.owner",
  "account.confidence",
  "account.parent",
  "account.signals.score",
  "account.signals.count",
  "account.signals.strongest",
  "account.signals.kinds",
  "account.signals.days_since_last",
  "signal.kind",
  "signal.strength",
  "signal.source",
];
/** Prefixes of open-ended fact families, written as `[i, rest]`. APPEND ONLY, like FACT_NAMES. */
export const FACT_PREFIXES: readonly string[] = ["fields.", "utm.", "account.", "enrich.", "crm."];

const NAME_CODE = new Map(FACT_NAMES.map((n, i) => [n, i]));

function keyOf(name: string): number | string | [number, string] {
  const code = NAME_CODE.get(name);
  if (code !== undefined) return code;
  const p = FACT_PREFIXES.findIndex((prefix) => name.startsWith(prefix));
  return p >= 0 ? [p, name.slice(FACT_PREFIXES[p]!.length)] : name;
}

function nameOf(key: unknown): string {
  if (typeof key === "number") return FACT_NAMES[key] ?? `#${key}`;
  if (Array.isArray(key)) return `${FACT_PREFIXES[key[0] as number] ?? ""}${String(key[1])}`;
  return String(key);
}

/** The stored form of a decision's routing facts alone; `decodeTrace` reads it as `{ routing: { facts } }`. */
export async function encodeFacts(facts: Record<string, unknown>): Promise<Uint8Array> {
  const flat = Object.entries(facts).flatMap(([name, value]) => [keyOf(name), value]);
  const json = new TextEncoder().encode(JSON.stringify(flat));
  const body = await through(json, new CompressionStream("deflate-raw"));
  const out = new Uint8Array(body.length + 1);
  out[0] = FACTS_KEYED;
  out.set(body, 1);
  return out;
}

/** The trace back from its stored form; throws on bytes this codec did not write. */
export async function decodeTrace(stored: ArrayBuffer | Uint8Array | number[]): Promise<unknown> {
  const bytes = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  if (bytes[0] !== DEFLATE_JSON && bytes[0] !== FACTS_KEYED)
    throw new Error(`unknown trace format ${bytes[0]}`);
  const json = await through(bytes.subarray(1), new DecompressionStream("deflate-raw"));
  const value = JSON.parse(new TextDecoder().decode(json)) as unknown;
  if (bytes[0] === DEFLATE_JSON) return value;
  const flat = value as unknown[];
  const pairs: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([nameOf(flat[i]), flat[i + 1]]);
  return { routing: { facts: Object.fromEntries(pairs) } };
}

/** A decision row's trace, whichever column holds it: the compact BLOB, or JSON from before it. */
export async function readTrace(row: {
  trace?: unknown;
  traceZ?: ArrayBuffer | Uint8Array | number[] | null;
  trace_z?: ArrayBuffer | Uint8Array | number[] | null;
}): Promise<unknown> {
  const blob = row.traceZ ?? row.trace_z;
  if (blob) return decodeTrace(blob);
  if (typeof row.trace === "string") {
    try {
      return JSON.parse(row.trace) as unknown;
    } catch {
      return null;
    }
  }
  return row.trace ?? null;
}

type Blob_ = ArrayBuffer | Uint8Array | number[] | null | undefined;

/**
 * The facts a lead was routed on (`trace.routing.facts`), from the JSON path SQLite extracted
 * out of an old row, or else from the compact BLOB (SQLite cannot look inside it). Empty when
 * neither holds any (no decision, or erased).
 */
export async function traceFacts(
  json: string | null | undefined,
  blob: Blob_,
): Promise<Record<string, unknown>> {
  let value: unknown = null;
  try {
    if (json) value = JSON.parse(json) as unknown;
    else if (blob)
      value = ((await decodeTrace(blob)) as { routing?: { facts?: unknown } } | null)?.routing?.facts;
  } catch {
    value = null;
  }
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
