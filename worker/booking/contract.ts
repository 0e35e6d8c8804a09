/**
 * The booking wire shapes, declared once: the routes validate and document with them, the
 * services return their inferred types, and the widget imports the types (type-only, so no
 * zod reaches its bundle).
 */
import { z } from "@hono/zod-openapi";
import { isIanaTimeZone } from "../core/config-doc/primitives";

const Instant = z.iso.datetime({ offset: true });

/** A bookable time, UTC ISO-8601. */
export const SlotSchema = z.object({ start: z.string(), end: z.string() }).openapi("Slot");
export type Slot = z.infer<typeof SlotSchema>;

/** GET /v1/leads/:leadId/slots: the query and the answer. */
export const SlotsQuerySchema = z.object({
  bookingToken: z.string().min(1).max(4096),
  from: Instant.optional(),
  to: Instant.optional(),
  bookmark: z
    .string()
    .max(256)
    .optional()
    .describe("D1's bookmark from the visitor's last answer (X-D1-Bookmark): read at least that fresh."),
});
export const SlotsResponseSchema = z.object({ slots: z.array(SlotSchema) });
export type SlotsResponse = z.infer<typeof SlotsResponseSchema>;

/** POST /v1/leads/:leadId/bookings. */
export const BookingRequestSchema = z.object({
  start: Instant.describe("The chosen slot's start, as offered."),
  bookingToken: z.string().min(1).max(4096),
  timezone: z.string().refine(isIanaTimeZone, "Unknown time zone").optional().describe("The visitor's zone."),
});
export type BookingRequest = z.infer<typeof BookingRequestSchema>;

/** A new booking and its signed links; rescheduling answers the same shape. */
export const BookingCreatedSchema = z
  .object({
    bookingId: z.string(),
    repId: z.string(),
    start: z.string(),
    end: z.string(),
    manageUrl: z.string().describe("The hosted booking page: reschedule or cancel."),
    icsUrl: z.string().describe("The meeting as an .ics file (text/calendar, METHOD:PUBLISH)."),
    googleCalendarUrl: z.string().describe("Redirects to Google Calendar's add-event page for the meeting."),
  })
  .openapi("BookingCreated");
export type BookingCreated = z.infer<typeof BookingCreatedSchema>;

// The manage link's endpoints (public-bookings.ts).

export const BookingIdParam = z.object({
  bookingId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "bookingId", in: "path" } }),
});

/** The signed manage token from the booking's link. */
export const ManageTokenQuery = z.object({ token: z.string().min(1).max(4096) });

export const BookingViewSchema = z
  .object({
    bookingId: z.string(),
    status: z.string(),
    repId: z.string(),
    repName: z.string(),
    start: z.string(),
    end: z.string(),
    cancelUrl: z.string().optional(),
  })
  .openapi("BookingView");
export type BookingView = z.infer<typeof BookingViewSchema>;

export const RescheduleRequestSchema = z.object({
  start: z.iso.datetime({ offset: true }).describe("The new slot's start, as offered."),
  timezone: z.string().refine(isIanaTimeZone, "Unknown time zone").optional().describe("The visitor's zone."),
});
export type RescheduleRequest = z.infer<typeof RescheduleRequestSchema>;

/** A lead's id in the visitor's slot and booking paths. */
export const PublicLeadIdParam = z.object({
  leadId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "leadId", in: "path" } }),
});
