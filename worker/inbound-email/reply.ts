import { EmailMessage } from "cloudflare:email";
import { composeReply } from "../core/inbound-email";
import type { RoutingConfig } from "../core/config-doc";
import { leadBookingUrl } from "../booking/tokens";
import { publicBaseUrl } from "../notify/settings";

/**
 * Replies to the sender with the rep's name and a signed link to the lead's hosted booking
 * page. Email Routing allows one reply per message, to a sender with valid DMARC; a refusal
 * is logged and recorded as "not replied", never a lost lead.
 */
export async function replyWithBookingLink(opts: {
  message: ForwardableEmailMessage;
  env: Env;
  config: RoutingConfig;
  leadId: string;
  repId: string;
  subject?: string;
  inReplyTo?: string;
  now: number;
}): Promise<boolean> {
  const reply = opts.config.email?.reply;
  const rep = opts.config.reps.find((r) => r.id === opts.repId);
  if (!reply || !rep) return false;
  const raw = composeReply({
    from: reply.from,
    fromName: reply.fromName,
    to: opts.message.from,
    subject: opts.subject,
    inReplyTo: opts.inReplyTo,
    messageId: crypto.randomUUID(),
    now: opts.now,
    repName: rep.name,
    bookingUrl: await leadBookingUrl(opts.env, publicBaseUrl(opts.env), opts.leadId, opts.now),
  });
  try {
    await opts.message.reply(new EmailMessage(reply.from, opts.message.from, raw));
    return true;
  } catch (err) {
    console.error(
      JSON.stringify({ level: "warn", msg: "email reply refused", leadId: opts.leadId, error: String(err) }),
    );
    return false;
  }
}
