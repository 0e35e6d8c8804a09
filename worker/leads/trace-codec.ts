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

/** The trace back from its stored form; throws on bytes this codec did not write. */
export async function decodeTrace(stored: ArrayBuffer | Uint8Array | number[]): Promise<unknown> {
  const bytes = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  if (bytes[0] !== DEFLATE_JSON) throw new Error(`unknown trace format ${bytes[0]}`);
  const json = await through(bytes.subarray(1), new DecompressionStream("deflate-raw"));
  return JSON.parse(new TextDecoder().decode(json)) as unknown;
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
