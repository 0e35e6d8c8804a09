/**
 * Which inbound messages may become leads. Decided on the envelope and the headers alone,
 * before the body is parsed, so mail that is dropped costs no MIME parsing. Pure.
 */

/** Why a message did not become a lead; recorded with it. */
export type DropReason =
  | "too_large"
  | "not_our_address"
  | "loop"
  | "bounce"
  | "auto_reply"
  | "mailing_list"
  | "no_sender"
  | "duplicate";

export type ScreenInput = {
  /** A header's value, or null (case-insensitive, as `Headers.get`). */
  header: (name: string) => string | null;
  envelopeFrom: string;
  envelopeTo: string;
  rawSize: number;
  maxBytes: number;
  /** The configured inbound addresses, and the reply's sender: mail from them is a loop. */
  addresses: readonly string[];
  ownSenders: readonly string[];
};

export type ScreenResult = { ok: true } | { ok: false; reason: DropReason; detail: string };

/** Set on every reply Baton sends, so a reply that comes back around is known for ours. */
export const LOOP_HEADER = "X-Baton-Loop";

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)@/i;
const AUTO_SUBJECT = /^(automatic reply|auto(matic)?[- ]?response|out of (the )?office|autoreply)\b/i;
const BULK_PRECEDENCE = /^(bulk|list|junk)$/i;

const lower = (s: string) => s.trim().toLowerCase();

/** The bare address of a From-style header value: `"Ann" <ann@x.com>` → `ann@x.com`. */
export function bareAddress(value: string | null): string {
  if (!value) return "";
  const angled = /<([^<>]*)>\s*$/.exec(value);
  return lower(angled ? angled[1]! : value);
}

function bounceOrLoop(input: ScreenInput): ScreenResult | null {
  const from = bareAddress(input.header("From"));
  const envelope = lower(input.envelopeFrom);
  if (input.header(LOOP_HEADER) !== null)
    return { ok: false, reason: "loop", detail: `${LOOP_HEADER} is set: Baton sent this` };
  const own = new Set([...input.addresses, ...input.ownSenders].map(lower));
  if (own.has(from) || own.has(envelope))
    return { ok: false, reason: "loop", detail: "sent from one of Baton's own addresses" };
  if (envelope === "" || envelope === "<>")
    return { ok: false, reason: "bounce", detail: "empty envelope sender (a delivery report)" };
  if (BOUNCE_SENDERS.test(envelope) || BOUNCE_SENDERS.test(from))
    return { ok: false, reason: "bounce", detail: "sent by a mailer daemon or postmaster" };
  if (/^multipart\/report\b/i.test(input.header("Content-Type") ?? ""))
    return { ok: false, reason: "bounce", detail: "multipart/report (a delivery status notification)" };
  return null;
}

function automated(input: ScreenInput): ScreenResult | null {
  const auto = input.header("Auto-Submitted");
  // RFC 3834: any value but "no" marks a message that a machine sent.
  if (auto !== null && lower(auto) !== "no")
    return { ok: false, reason: "auto_reply", detail: `Auto-Submitted: ${auto.trim()}` };
  for (const name of ["X-Autoreply", "X-Autorespond"])
    if (input.header(name) !== null) return { ok: false, reason: "auto_reply", detail: `${name} is set` };
  const precedence = (input.header("Precedence") ?? "").trim();
  if (/^auto_reply$/i.test(precedence))
    return { ok: false, reason: "auto_reply", detail: "Precedence: auto_reply" };
  if (AUTO_SUBJECT.test((input.header("Subject") ?? "").trim()))
    return { ok: false, reason: "auto_reply", detail: "the subject is an automatic reply's" };
  if (input.header("List-Id") !== null || input.header("List-Unsubscribe") !== null)
    return { ok: false, reason: "mailing_list", detail: "List-Id or List-Unsubscribe is set" };
  if (BULK_PRECEDENCE.test(precedence))
    return { ok: false, reason: "mailing_list", detail: `Precedence: ${precedence}` };
  return null;
}

/**
 * Whether a message may become a lead: not too large, to a configured address, not a loop,
 * a bounce, an auto-reply or list mail (standard headers: RFC 3834 Auto-Submitted, RFC 3464
 * multipart/report, RFC 2919 List-Id, and the common X-Autoreply and Precedence).
 */
export function screenInbound(input: ScreenInput): ScreenResult {
  if (input.rawSize > input.maxBytes)
    return { ok: false, reason: "too_large", detail: `${input.rawSize} bytes, over ${input.maxBytes}` };
  if (!input.addresses.map(lower).includes(lower(input.envelopeTo)))
    return { ok: false, reason: "not_our_address", detail: "not one of the configured addresses" };
  return bounceOrLoop(input) ?? automated(input) ?? { ok: true };
}
