/**
 * The wire shapes the widget reads and writes. They mirror `GET /v1/forms/:formId`
 * (worker/intake/public-forms.ts) and the v1 submission contract in DESIGN.md; the
 * widget keeps its own copy so that no zod or Worker code reaches the browser bundle.
 */

export type FieldType =
  | "text"
  | "email"
  | "tel"
  | "number"
  | "textarea"
  | "select"
  | "multiselect"
  | "checkbox"
  | "country"
  | "hidden"
  | "url";

export type FormField = {
  name: string;
  type: FieldType;
  label: string;
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  placeholder?: string;
};

export type FormTheme = { primaryColor?: string; radius?: number; font?: string };

export type PublicForm = {
  id: string;
  name: string;
  fields: FormField[];
  honeypotField: string | null;
  turnstile: { enabled: boolean; siteKey: string | null };
  noSlotMessage: string;
  theme: FormTheme | null;
};

/** What an input holds: text, a checkbox, or a multiselect's chosen values. */
export type FieldValue = string | boolean | string[];

export type SubmissionRequest = {
  fields: Record<string, string | number | boolean | string[]>;
  context: { pageUrl: string; referrer: string };
};

/** A bookable time, UTC ISO-8601. */
export type Slot = { start: string; end: string };

/** The 201 answer to a submission (worker/intake/responses.ts). */
export type SubmissionResponse = {
  leadId: string;
  status: string;
  assignment: {
    repId: string;
    repName: string;
    repPhotoUrl?: string | null;
    teamId: string | null;
    ruleId: string | null;
  } | null;
  slots: Slot[];
  bookingToken: string;
  /** The form's no-slot message, the rep's name already filled in. */
  message?: string;
};

/** The 201 answer to a booking (worker/booking/book.ts). */
export type BookingCreated = {
  bookingId: string;
  repId: string;
  start: string;
  end: string;
  manageUrl: string;
};

/** What the widget tells the host page, as `baton:*` events on its host element and window. */
export type Emit = (name: "routed" | "booked" | "closed", detail: Record<string, unknown>) => void;
