import { AppError } from "../errors";
import { signingKey, signToken, verifyToken } from "../security/signed-tokens";

const DAY_MS = 86_400_000;
/** A manage link works until a month after the meeting, long enough for "it moved" emails. */
const MANAGE_GRACE_MS = 30 * DAY_MS;

/** Checks the lead's booking token (from the submission response); 403 when it is not valid. */
export async function requireBookingToken(
  env: Env,
  token: string,
  leadId: string,
  now: number,
): Promise<void> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const payload = await verifyToken(token, key, { purpose: "book", subject: leadId, now });
  if (!payload) throw new AppError(403, "forbidden", "This booking link is not valid or has expired.");
}

/** Checks a manage link's token for this booking; 403 when it is not valid. */
export async function requireManageToken(
  env: Env,
  token: string,
  bookingId: string,
  now: number,
): Promise<void> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const payload = await verifyToken(token, key, { purpose: "manage", subject: bookingId, now });
  if (!payload) throw new AppError(403, "forbidden", "This link is not valid or has expired.");
}

/** A booking token lasts as long as the one the submission answered with (a week). */
const BOOK_LINK_TTL_MS = 7 * DAY_MS;

/**
 * The signed link to the hosted booking page (`/b/:bookingId`), where whoever holds it sees
 * the meeting and can reschedule or cancel it. The JSON API under `/v1/bookings/:bookingId`
 * takes the same token.
 */
export async function manageUrl(
  env: Env,
  baseUrl: string,
  bookingId: string,
  meetingEnd: number,
): Promise<string> {
  return (await bookingLinks(env, baseUrl, bookingId, meetingEnd)).manageUrl;
}

/**
 * The links a booking answer carries, under one manage token: the hosted booking page, the
 * meeting as a calendar file (`/b/:bookingId/meeting.ics`) and as a Google Calendar "add"
 * link (`/b/:bookingId/google`, a redirect). The server builds the calendar side, with the
 * meeting's real title, location and UID, so the widget ships none of it.
 */
export async function bookingLinks(
  env: Env,
  baseUrl: string,
  bookingId: string,
  meetingEnd: number,
): Promise<{ manageUrl: string; icsUrl: string; googleCalendarUrl: string }> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const token = await signToken({ p: "manage", sub: bookingId, exp: meetingEnd + MANAGE_GRACE_MS }, key);
  const page = `${baseUrl}/b/${encodeURIComponent(bookingId)}`;
  const q = `?token=${encodeURIComponent(token)}`;
  return { manageUrl: page + q, icsUrl: `${page}/meeting.ics${q}`, googleCalendarUrl: `${page}/google${q}` };
}

/**
 * The signed link to the hosted page where a lead picks a time (`/l/:leadId`): sent by the
 * not-booked follow-up, and offered after a cancel. It carries an ordinary booking token.
 */
export async function leadBookingUrl(
  env: Env,
  baseUrl: string,
  leadId: string,
  now: number,
): Promise<string> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const token = await signToken({ p: "book", sub: leadId, exp: now + BOOK_LINK_TTL_MS }, key);
  return `${baseUrl}/l/${encodeURIComponent(leadId)}?token=${encodeURIComponent(token)}`;
}
