import type { Rep } from "../core/config";
import type { NotificationMessage } from "../queue/notifications";
import { slackMessage } from "./slack-blocks";

/** The lead as a rep sees it in a notification; no form fields beyond these leave Baton. */
export type LeadSummary = {
  id: string;
  name?: string;
  email?: string;
  company?: string;
  score?: number | null;
  tier?: string | null;
};

/** One thing a rep is told about a lead. */
export type RepNotice = {
  kind: "assigned" | "reassigned_to" | "reassigned_away" | "escalated";
  rep: Pick<Rep, "id" | "name" | "email" | "notify">;
  lead: LeadSummary;
  /** Why this rep, in one line (from the routing trace or the SLA sweep). */
  why: string;
  acceptUrl?: string;
  booking?: { start: number; end: number; timezone?: string | null };
};

const EVENT: Record<RepNotice["kind"], string> = {
  assigned: "lead.routed",
  reassigned_to: "lead.reassigned",
  reassigned_away: "lead.reassigned",
  escalated: "lead.escalated",
};

/** Subject line / Slack fallback text. */
export function noticeTitle(n: RepNotice): string {
  const who = n.lead.name ?? n.lead.email ?? "A lead";
  const company = n.lead.company ? ` (${n.lead.company})` : "";
  if (n.kind === "reassigned_away") return `${who}${company} was reassigned: the accept deadline passed`;
  if (n.kind === "escalated") return `Escalated to you: ${who}${company}`;
  return `New lead: ${who}${company}`;
}

/** Plain-text body shared by email and Slack's fallback. */
export function noticeText(n: RepNotice): string {
  const lines = [noticeTitle(n), `Why you: ${n.why}`];
  if (n.lead.email) lines.push(`Email: ${n.lead.email}`);
  if (n.lead.score !== undefined && n.lead.score !== null)
    lines.push(`Score: ${n.lead.score}${n.lead.tier ? ` (${n.lead.tier})` : ""}`);
  if (n.booking) lines.push(`Meeting: ${new Date(n.booking.start).toISOString()}`);
  if (n.acceptUrl) lines.push(`Accept: ${n.acceptUrl}`);
  return lines.join("\n");
}

/**
 * The queue messages for one notice: Slack when the rep has a webhook URL, email unless the
 * rep turned it off. The Slack URL is a credential, so the message carries the rep id and the
 * channel looks the URL up at delivery time; the log's `target` never holds it.
 */
export function noticeMessages(n: RepNotice): NotificationMessage[] {
  const out: NotificationMessage[] = [];
  const eventType = EVENT[n.kind];
  const base = `${n.lead.id}:${n.kind}:${n.rep.id}`;
  if (n.rep.notify?.slackWebhookUrl) {
    out.push({
      id: `slack:${base}`,
      channel: "slack",
      eventType,
      target: `slack rep:${n.rep.id}`,
      payload: { repId: n.rep.id, ...slackMessage(n) },
    });
  }
  if (n.rep.notify?.email !== false) {
    out.push({
      id: `email:${base}`,
      channel: "email",
      eventType,
      target: `email rep:${n.rep.id}`,
      payload: { to: n.rep.email, subject: noticeTitle(n), text: noticeText(n) },
    });
  }
  return out;
}
