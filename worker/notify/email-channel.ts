import { icsMethod } from "../core/ics";
import { database } from "../db/client";
import { emailOutbox } from "../db/schema";
import type { Channel } from "./channel";
import { emailBinding, emailFrom } from "./settings";

/** What the email channel sends: plain text always, HTML and an RFC 5545 invite optionally. */
export type EmailPayload = { to: string; subject: string; text: string; html?: string; ics?: string };

/**
 * Sends through Cloudflare Email Service's `send_email` binding (`env.EMAIL.send`). Without
 * the binding (local dev, tests) the message lands in the dev outbox table instead, which
 * `GET /v1/admin/outbox` lists, so what would have been sent can be checked.
 */
export const emailChannel: Channel = async (message, env) => {
  const mail = message.payload as EmailPayload;
  const from = emailFrom(env);
  const binding = emailBinding(env);
  if (!binding) {
    await database(env.DB)
      .insert(emailOutbox)
      .values({
        id: crypto.randomUUID(),
        messageId: message.id,
        leadId: message.leadId ?? null,
        bookingId: message.bookingId ?? null,
        to: mail.to,
        from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
        ics: mail.ics ?? null,
        createdAt: Date.now(),
      });
    return {};
  }
  await binding.send({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.ics
      ? {
          attachments: [
            {
              content: mail.ics,
              filename: "invite.ics",
              // A cancellation labelled method=REQUEST is shown as a new invite by some clients.
              type: calendarType(mail.ics),
              disposition: "attachment" as const,
            },
          ],
        }
      : {}),
  });
  return {};
};

/** The MIME type of an invite: `method=` must match the METHOD inside (RFC 6047 §2.4). */
export function calendarType(ics: string): string {
  const method = icsMethod(ics);
  return method ? `text/calendar; method=${method}` : "text/calendar";
}
