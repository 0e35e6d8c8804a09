/** The dashboard's hash routes. Pure: no DOM, so it is unit tested. */

/** A malformed escape (`%E0`) is kept as typed rather than crashing the dashboard. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export type Route = { parts: string[]; query: Record<string, string> };

/**
 * `#/leads/abc` → parts ["leads", "abc"]; `#/leads?status=routed` → parts ["leads"] and query
 * { status: "routed" }. Hash routes keep the static-asset server dumb.
 */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  const mark = path.indexOf("?");
  const parts = (mark < 0 ? path : path.slice(0, mark)).split("/").filter(Boolean).map(decodePart);
  return { parts, query: Object.fromEntries(new URLSearchParams(mark < 0 ? "" : path.slice(mark + 1))) };
}
