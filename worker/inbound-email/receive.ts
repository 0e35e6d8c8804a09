import {
  bareAddress,
  EMAIL_FORM_ID,
  emailLeadFields,
  screenInbound,
  type DropReason,
} from "../core/inbound-email";
import { loadActiveConfig, type ActiveConfig } from "../config/store";
import { database, type Database } from "../db/client";
import { findLeadByIdempotencyKey, newLeadRow } from "../leads/lead-queries";
import { storeAndRoute } from "../leads/store-and-route";
import { sha256Hex } from "../security/tokens";
import { insertInboundEmail, type InboundEmailRow } from "./inbound-queries";
import { replyWithBookingLink } from "./reply";
import { postalMime } from "../lazy";

type Ctx = { waitUntil(p: Promise<unknown>): void };
type Outcome = Pick<InboundEmailRow, "outcome" | "reason" | "detail" | "leadId" | "replied">;

/** Parser limits well inside the Worker's memory: a sales enquiry has few parts and headers. */
const PARSE_LIMITS = { maxNestingDepth: 20, maxHeadersSize: 128 * 1024, maxRfc822NestingDepth: 2 };

const dropped = (reason: DropReason | "not_configured" | "unparseable", detail: string): Outcome => ({
  outcome: "dropped",
  reason,
  detail,
});

/** Parses the MIME message; postal-mime is a lazily loaded module (worker/lazy.ts), so other requests never pay for it. */
async function parse(message: ForwardableEmailMessage) {
  const { PostalMime } = await postalMime();
  return PostalMime.parse(await new Response(message.raw).arrayBuffer(), PARSE_LIMITS);
}

function emailLead(
  active: ActiveConfig,
  now: number,
  fields: ReturnType<typeof emailLeadFields>,
  key: string,
) {
  return newLeadRow(
    {
      formId: EMAIL_FORM_ID,
      email: fields.email,
      emailNormalized: fields.email,
      fields,
      context: { source: "email" },
      configVersion: active.version,
      idempotencyKey: key,
    },
    now,
  );
}

/** Stores, routes and answers one accepted message; a Message-ID seen before is a duplicate. */
async function toLead(
  message: ForwardableEmailMessage,
  env: Env,
  db: Database,
  active: ActiveConfig,
  now: number,
  ctx: Ctx | undefined,
): Promise<Outcome & { messageIdHash?: string }> {
  let mail;
  try {
    mail = await parse(message);
  } catch (err) {
    return dropped("unparseable", String(err).slice(0, 200));
  }
  const from = mail.replyTo?.[0]?.address ?? mail.from?.address ?? message.from;
  if (!from?.includes("@")) return dropped("no_sender", "no sender address in the message");
  const fields = emailLeadFields({
    fromAddress: from,
    fromName: mail.from?.name,
    subject: mail.subject,
    text: mail.text,
  });
  // The Message-ID names the message across redeliveries; without one, its sender, date and text do.
  const messageIdHash = await sha256Hex(
    mail.messageId ?? `${from}\n${mail.date}\n${mail.subject}\n${mail.text}`,
  );
  const key = `mid:${messageIdHash}`;
  const lead = emailLead(active, now, fields, key);
  const routed = await storeAndRoute({ env, db, now, active, lead, ctx });
  if (!routed) {
    const first = await findLeadByIdempotencyKey(db, EMAIL_FORM_ID, key);
    return {
      outcome: "duplicate",
      reason: "duplicate",
      detail: "Message-ID seen before",
      leadId: first?.id,
      messageIdHash,
    };
  }
  const replied =
    routed.status === "routed" &&
    (await replyWithBookingLink({
      message,
      env,
      config: active.config,
      leadId: lead.id,
      repId: routed.assignment.repId,
      subject: mail.subject,
      inReplyTo: mail.messageId,
      now,
    }));
  return { outcome: "lead", leadId: lead.id, replied, messageIdHash };
}

/**
 * The Worker's `email` handler: screens the message on its envelope and headers, parses the
 * accepted ones, makes a lead routed like a form lead (source `email`), optionally replies,
 * and records every message with what became of it. Too large or to an unknown address is
 * refused at SMTP time; auto-replies, bounces, lists and loops are dropped silently (a
 * refusal would send mail back to a machine, or around the loop).
 */
export async function receiveEmail(message: ForwardableEmailMessage, env: Env, ctx?: Ctx): Promise<Outcome> {
  const now = Date.now();
  const db = database(env.DB);
  const active = await loadActiveConfig(db);
  const cfg = active?.config.email;
  let outcome: Outcome & { messageIdHash?: string };
  if (!active || !cfg) {
    outcome = dropped("not_configured", "the config has no email section");
    message.setReject("This address does not accept mail.");
  } else {
    const screen = screenInbound({
      header: (name) => message.headers.get(name),
      envelopeFrom: message.from,
      envelopeTo: message.to,
      rawSize: message.rawSize,
      maxBytes: cfg.maxBytes,
      addresses: cfg.addresses,
      ownSenders: cfg.reply ? [cfg.reply.from] : [],
    });
    if (!screen.ok && (screen.reason === "too_large" || screen.reason === "not_our_address"))
      message.setReject(screen.reason === "too_large" ? "Message too large." : "No such address.");
    outcome = screen.ok
      ? await toLead(message, env, db, active, now, ctx)
      : dropped(screen.reason, screen.detail);
  }
  const { messageIdHash, ...rest } = outcome;
  await insertInboundEmail(db, {
    id: crypto.randomUUID(),
    receivedAt: now,
    envelopeTo: message.to.toLowerCase(),
    fromDomain: bareAddress(message.from).split("@")[1] ?? null,
    messageIdHash: messageIdHash ?? null,
    size: message.rawSize,
    ...rest,
  });
  return outcome;
}
