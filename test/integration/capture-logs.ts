import { onTestFinished, vi } from "vitest";

/** One structured log line as the Worker writes it: `console.warn(JSON.stringify({ … }))`. */
export type LogLine = { level?: string; msg?: string } & Record<string, unknown>;

/**
 * Keeps `console[method]` quiet until the current test ends and returns what was written to
 * it, parsed, so a test can assert a log that is part of the behaviour instead of printing it.
 */
export function captureLogs(method: "warn" | "error"): () => LogLine[] {
  const spy = vi.spyOn(console, method).mockImplementation(() => {});
  onTestFinished(() => spy.mockRestore());
  return () => spy.mock.calls.map(([line]) => JSON.parse(String(line)) as LogLine);
}
