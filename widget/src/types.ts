/**
 * The wire shapes the widget reads and writes are the server's contracts, imported as types
 * only (erased from the bundle): worker/intake/contract.ts and worker/booking/contract.ts.
 * Only what never crosses the wire is declared here.
 */
export type {
  FormField,
  FormTheme,
  PublicForm,
  SubmissionRequest,
  SubmissionResponse,
} from "../../worker/intake/contract";
export type { BookingCreated, BookingRequest, Slot, SlotsResponse } from "../../worker/booking/contract";

/** What an input holds: text, a checkbox, or a multiselect's chosen values. */
export type FieldValue = string | boolean | string[];

/** What the widget tells the host page, as `baton:*` events on its host element and window. */
export type Emit = (name: "routed" | "booked" | "closed", detail: Record<string, unknown>) => void;
