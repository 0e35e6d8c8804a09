/**
 * Whether a failed D1 write was refused by a UNIQUE index. drizzle wraps a failed query in a
 * DrizzleQueryError whose message is only "Failed query: <sql> params: ..."; D1's own
 * "UNIQUE constraint failed" message sits on its `cause`, so the whole chain is read.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes("UNIQUE constraint failed")) return true;
  }
  return false;
}
