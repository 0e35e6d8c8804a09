/**
 * The widget's English texts: the one catalogue built into widget.js (the other languages
 * arrive with the form definition). Its own module, so that the widget bundles these keys and
 * nothing of the hosted pages' or emails' catalogue.
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
  addGoogle: "Add to Google Calendar",
  downloadIcs: "Download .ics file",
  done: "Done",
  timeZone: "Time zone",
  noTimes: "No open times right now.",
  booking: "Booking…",
  loadingMore: "Loading…",
  moreDays: "More days",
  manage: "Reschedule or cancel",
} as const;

/** The keys widget.js uses: the form definition carries just these in the form's language. */
export type WidgetKey = keyof typeof enWidget;
