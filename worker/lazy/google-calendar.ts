/**
 * Google Calendar's provider (free/busy, events, OAuth and service-account tokens over
 * Google's REST API): only a deployment with Google reps runs it, so it is loaded on first
 * use (worker/lazy.ts). What it shares with the rest of the Worker (CalendarError, the
 * connection queries, the token cache, zod) is lent by the entry (worker/lazy-shared.ts).
 */
export { createGoogleProvider } from "../calendars/google/provider";
