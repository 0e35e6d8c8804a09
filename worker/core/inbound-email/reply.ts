import { LOOP_HEADER } from "./screen";

export type ReplyInput = {
  from: string;
  fromName?: string;
  to: string;
  subject?: string;
  /** The original's Message-ID, angle brackets included. */
  inReplyTo?: string;
  /** A unique id for the reply's own Message-ID (the caller's randomness). */
  messageId: string;
  now: number;
  repName: string;
  bookingUrl: string;
};

/** A header value without line breaks: user text must never add a header. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

/** RFC 2047 encoded-word for non-ASCII header text. */
function encodeWord(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `=?UTF-8?B?${btoa(bin)}?=`;
}

/** Base64 of UTF-8 text, in 76-character lines (RFC 2045). */
function base64Body(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return (btoa(bin).match(/.{1,76}/g) ?? []).join("\r\n");
}

/**
 * The reply to an email lead, as a raw RFC 5322 message for `message.reply()`: threaded by
 * In-Reply-To/References (Email Routing requires In-Reply-To), marked `Auto-Submitted:
 * auto-replied` (RFC 3834) so that other responders do not answer it, and tagged with Baton's
 * loop header. Pure: the id and the time are given.
 */
export function composeReply(r: ReplyInput): string {
  const subject = oneLine(r.subject ?? "");
  const reSubject = /^re:/i.test(subject) ? subject : `Re: ${subject || "your message"}`;
  const domain = r.from.split("@")[1] ?? "baton.invalid";
  const from = r.fromName ? `${encodeWord(oneLine(r.fromName))} <${r.from}>` : `<${r.from}>`;
  const body = [
    "Hello,",
    "",
    `Thank you for your message. ${oneLine(r.repName)} will get back to you shortly.`,
    "",
    "If you would like to talk sooner, pick a time here:",
    r.bookingUrl,
    "",
  ].join("\r\n");
  const headers = [
    `From: ${from}`,
    `To: <${oneLine(r.to)}>`,
    `Subject: ${encodeWord(reSubject)}`,
    `Date: ${new Date(r.now).toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${r.messageId}@${domain}>`,
    ...(r.inReplyTo ? [`In-Reply-To: ${oneLine(r.inReplyTo)}`, `References: ${oneLine(r.inReplyTo)}`] : []),
    "Auto-Submitted: auto-replied",
    `${LOOP_HEADER}: 1`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${base64Body(body)}\r\n`;
}
