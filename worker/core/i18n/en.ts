/**
 * The English catalogue: every string the widget and the hosted pages show. It is the
 * reference the other languages are checked against (same keys, same placeholders), and the
 * one language built into widget.js; the others load on demand.
 */
export const enWidget = {
  loading: "Loading form…",
  formGone: "This form is no longer available.",
  formUnavailable: "This form couldn't load right now. Please try again later.",
  formBroken: "This form isn't set up correctly.",
  required: "{label} is required.",
  tooLong: "{label} must be at most {max} characters.",
  badEmail: "Enter a valid email address, like name@company.com.",
  notNumber: "{label} must be a number.",
  badUrl: "Enter a full web address, starting with https://.",
  checkField: "Check {label}.",
  select: "Select…",
  honeypot: "Leave this field empty",
  attentionOne: "1 field needs your attention.",
  attentionMany: "{count} fields need your attention.",
  submit: "Submit",
  sending: "Sending…",
  chooseTime: "Choose a time",
  thanks: "Thank you!",
  gotIt: "We will be in touch shortly.",
  submitFailed: "We couldn't submit right now. Please try again in a moment.",
  unreachable: "We couldn't reach our server. Check your connection and try again.",
  bookedTitle: "You're booked!",
  seeYou: "{rep} will see you on {when}.",
  taken: "That time was just taken — here are the latest times.",
  bookFailed: "We couldn't book that time. Please try again in a moment.",
  already: "You already have a meeting booked. Use the link in your confirmation email to change it.",
  moreFailed: "We couldn't load more times. Please try again.",
  noMore: "No more times in the next two weeks.",
  close: "Close",
  bookWith: "Book a time with {rep}",
  bookedWith: "You're booked with {rep}",
  meetingWith: "Meeting with {rep}",
  addGoogle: "Add to Google Calendar",
  downloadIcs: "Download .ics file",
  done: "Done",
  timeZone: "Time zone",
  noTimes: "No open times right now.",
  booking: "Booking…",
  loadingMore: "Loading…",
  showTimes: "Show times",
  moreDays: "More days",
  manage: "Reschedule or cancel",
} as const;

/** The keys widget.js uses: the form definition carries just these in the form's language. */
export type WidgetKey = keyof typeof enWidget;

export const en = {
  ...enWidget,
  // The hosted pages
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
