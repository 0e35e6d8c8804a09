/**
 * Microsoft 365's calendar provider (Graph getSchedule and events, Entra tokens): only a
 * deployment with Outlook reps runs it, so it is loaded on first use (worker/lazy.ts). What it
 * shares with the rest of the Worker is lent by the entry (worker/lazy-shared.ts).
 */
export { createMicrosoftProvider } from "../calendars/microsoft/provider";
export { requestMicrosoftToken } from "../calendars/microsoft/token-endpoint";
