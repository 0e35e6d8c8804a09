import type { Form } from "../core/config-doc";

/**
 * Whether a browser request from `origin` may submit to `form`. Same-origin posts (the
 * hosted demo page, the widget served by Baton itself) are always allowed; requests with no
 * Origin come from servers, which CORS does not govern.
 */
export function originAllowed(form: Form, origin: string | undefined, selfOrigin: string): boolean {
  if (!origin) return true;
  return origin === selfOrigin || form.allowedOrigins.includes(origin);
}

/** The CORS response headers for an allowed cross-origin caller. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key, X-D1-Bookmark",
    // The widget reads D1's bookmark and sends it back on its next call (db/d1-session.ts).
    "Access-Control-Expose-Headers": "X-D1-Bookmark",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

/**
 * The URL a plain HTML form may be sent back to: only pages on Baton itself or on the form's
 * allowed origins, so the intake can never be used as an open redirect.
 */
export function safeRedirect(form: Form, target: string | undefined, selfOrigin: string): URL | null {
  if (!target) return null;
  let url: URL;
  try {
    url = new URL(target, selfOrigin);
  } catch {
    return null;
  }
  return url.origin === selfOrigin || form.allowedOrigins.includes(url.origin) ? url : null;
}
