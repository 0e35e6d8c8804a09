/**
 * D1 read replication for the visitor's scheduling paths, through the Sessions API
 * (developers.cloudflare.com/d1/best-practices/read-replication). Without a session every
 * query goes to the primary, one region away from a far visitor. A session started from a
 * bookmark may be served by the nearest read replica, which waits until it is at least as
 * up to date as the bookmark: the visitor always reads their own writes.
 *
 * The visitor carries the bookmark: the submission, slots, booking, cancel and reschedule
 * answers send it in `X-D1-Bookmark` (the header of Cloudflare's documented pattern, exposed
 * to the embedding site by CORS), and a client returns it on its next call (the header, or
 * `?bookmark=` on a GET, which then stays a simple request with no preflight). The widget does
 * not send it yet: its 15 KB gzip budget has no room for the ~40-90 bytes it costs today.
 *
 * Where it is not used, and why:
 * - reads that decide for everyone (dedupe, rate limits, the submission's routing): a
 *   replica may lag other visitors' writes, so those stay on the primary;
 * - a request without a bookmark starts at the primary (`first-primary`): a lead written a
 *   moment ago by this visitor may not be on a replica yet.
 * Writes are always forwarded to the primary, and every guarded write re-checks its invariant
 * there (a slot taken meanwhile is a 409 with fresh slots read after that write).
 */

import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/hono-env";

/** The response and request header a bookmark travels in. */
export const BOOKMARK_HEADER = "X-D1-Bookmark";
/** The query parameter of GET requests, which send no custom header (no CORS preflight). */
export const BOOKMARK_PARAM = "bookmark";

// D1 bookmarks are short opaque strings; anything longer or outside this alphabet is not one.
const BOOKMARK_SHAPE = /^[A-Za-z0-9._:-]{1,256}$/;

/** The bookmark a request carries, or null when it has none (or not a plausible one). */
export function requestBookmark(req: Request): string | null {
  const raw = req.headers.get(BOOKMARK_HEADER) ?? new URL(req.url).searchParams.get(BOOKMARK_PARAM);
  return raw && BOOKMARK_SHAPE.test(raw) && !raw.startsWith("first-") ? raw : null;
}

/**
 * The session one visitor request reads and writes through: from their bookmark when they
 * bring one, else from the primary.
 */
export function visitorSession(db: D1Database, bookmark: string | null): D1DatabaseSession {
  return db.withSession(bookmark ?? "first-primary");
}

/**
 * A session used as the request's D1 binding. drizzle and the raw queries only call
 * `prepare` and `batch`, which a session has; the rest of the binding is not reachable
 * from a visitor's path.
 */
export function sessionAsBinding(session: D1DatabaseSession): D1Database {
  return session as unknown as D1Database;
}

/**
 * Runs the rest of a visitor's request on a session (`c.env.DB` is the session) and answers
 * with the session's latest bookmark. Preflights read nothing and are left alone.
 */
export const visitorD1Session = createMiddleware<AppEnv>(async (c, next) => {
  // Already on a session (two matching routes): one per request.
  if (c.req.method === "OPTIONS" || !("withSession" in c.env.DB)) return next();
  const session = visitorSession(c.env.DB, requestBookmark(c.req.raw));
  c.env = { ...c.env, DB: sessionAsBinding(session) };
  await next();
  const bookmark = session.getBookmark();
  if (bookmark) c.res.headers.set(BOOKMARK_HEADER, bookmark);
});
