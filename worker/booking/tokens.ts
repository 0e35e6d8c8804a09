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

/** The signed link that lets whoever holds it view, cancel or reschedule the booking. */
export async function manageUrl(
  env: Env,
  baseUrl: string,
  bookingId: string,
  meetingEnd: number,
): Promise<string> {
  const key = await signingKey(env.ENCRYPTION_KEY);
  const token = await signToken({ p: "manage", sub: bookingId, exp: meetingEnd + MANAGE_GRACE_MS }, key);
  return `${baseUrl}/v1/bookings/${encodeURIComponent(bookingId)}?token=${encodeURIComponent(token)}`;
}
