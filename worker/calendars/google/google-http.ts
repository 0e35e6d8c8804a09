/**
 * One call to the Google Calendar API v3 with plain fetch: the documented REST requests
 * (https://developers.google.com/calendar/api/v3/reference: `POST freeBusy`,
 * `POST|GET|DELETE calendars/{calendarId}/events[/{eventId}]`), Google's error body mapped by
 * `classifyStatus`. Baton makes four kinds of call, so it does not carry `@googleapis/calendar`
 * and its client stack (gaxios, google-auth-library, qs, …): about 115 KiB of the Worker's
 * gzip bundle, parsed by every cold start whether or not a rep uses Google.
 */
import { bearerJsonInit } from "../../http/bearer-json";
import { GoogleCallError, classifyStatus } from "./retry";

export type GoogleCall = {
  method: "GET" | "POST" | "DELETE";
  /** Path under the API root, e.g. `calendar/v3/freeBusy`; path parameters already encoded. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
};

/** The events collection of a calendar; ids are encoded as path segments, as Google expects. */
export const eventsPath = (calendarId: string, eventId?: string) =>
  `calendar/v3/calendars/${encodeURIComponent(calendarId)}/events${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;

/**
 * One attempt (the caller's `withRetry` loop retries): the parsed JSON body, or null when
 * Google answers without one (204 on delete). A non-2xx answer throws the classified
 * GoogleCallError, which carries the status and Retry-After.
 */
export async function googleFetch(
  apiRoot: string,
  token: string,
  call: GoogleCall,
  signal: AbortSignal,
): Promise<unknown> {
  const url = new URL(call.path, apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const res = await fetch(url, bearerJsonInit(call.method, token, call.body, signal)).catch(
    (err: unknown) => {
      if (signal.aborted) throw err;
      throw new GoogleCallError("Google could not be reached", "unavailable", true);
    },
  );
  const text = await res.text().catch(() => "");
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: the status alone classifies it.
  }
  if (!res.ok) throw classifyStatus(res.status, data, res.headers);
  return data;
}
