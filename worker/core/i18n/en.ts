/**
 * The English catalogue: every string the widget and the hosted pages show. It is the
 * reference the other languages are checked against (same keys, same placeholders), and the
 * one language built into widget.js; the others load on demand.
 */
import { enWidget } from "./en-widget";

export { enWidget, type WidgetKey } from "./en-widget";

export const en = {
  ...enWidget,
  // The hosted pages
  showTimes: "Show times",
  yourMeeting: "Your meeting with {rep}",
  minutes: "{minutes} minutes",
  inUtc: "{time} UTC",
  rescheduleTitle: "Pick a new time",
  rescheduleHelp: "Your current time stays booked until the new one is confirmed.",
  cancelTitle: "Cancel this meeting",
  cancelReason: "Reason (optional)",
  cancelButton: "Cancel meeting",
  canceled: "This meeting was canceled.",
  canceledDone: "Your meeting was canceled. {rep} has been told.",
  movedDone: "Your meeting was moved.",
  moved: "This meeting was moved to another time. Use the link in your latest confirmation.",
  bookAgain: "Book a new time",
  linkInvalidTitle: "This link doesn't work",
  linkInvalid: "It has expired or is incomplete. Use the link in your most recent email.",
  notFoundTitle: "Nothing here",
  formNotFound: "This form doesn't exist or is no longer available.",
  pickTime: "Pick a time with {rep}",
  alreadyBooked: "You already have a meeting booked.",
  viewMeeting: "View your meeting",
  noSlotsPage: "There are no open times right now. {rep} will contact you.",
  poweredBy: "Scheduling by {org}",
  // Emails
  followUpSubject: "Pick a time with {rep}",
  followUpBody:
    "Hello,\n\nthanks for getting in touch with {org}. You haven't picked a time to talk with {rep} yet. Choose one that suits you here:\n{url}\n",
  inviteWhen: "When: {local} ({zone}), {utc} UTC",
  inviteManage: "Reschedule or cancel: {url}",
} as const;

/** A message's name. */
export type MessageKey = keyof typeof en;
/** A whole catalogue: every key, in one language. */
export type Messages = Record<MessageKey, string>;
