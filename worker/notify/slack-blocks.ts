import type { RepNotice } from "./rep-notice";
import { noticeText, noticeTitle } from "./rep-notice";

type Block = Record<string, unknown>;

// Slack mrkdwn treats &, < and > as control characters (https://api.slack.com/reference/surfaces/formatting#escaping).
function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function leadFields(n: RepNotice): Block[] {
  const fields = [
    n.lead.name && `*Name*\n${esc(n.lead.name)}`,
    n.lead.company && `*Company*\n${esc(n.lead.company)}`,
    n.lead.email && `*Email*\n${esc(n.lead.email)}`,
    n.lead.score !== undefined &&
      n.lead.score !== null &&
      `*Score*\n${n.lead.score}${n.lead.tier ? ` (${esc(n.lead.tier)})` : ""}`,
  ].filter((f): f is string => typeof f === "string");
  return fields.length ? [{ type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text })) }] : [];
}

/**
 * A Block Kit message for an incoming webhook: the lead, why this rep, the booking if any,
 * and an Accept button. The button is a plain link (`url`), because incoming webhooks have
 * no interactivity endpoint; the link opens Baton's accept page.
 */
export function slackMessage(n: RepNotice): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: noticeTitle(n).slice(0, 150) } },
    ...leadFields(n),
    { type: "context", elements: [{ type: "mrkdwn", text: `*Why you:* ${esc(n.why)}` }] },
  ];
  if (n.booking) {
    const when = `<!date^${Math.floor(n.booking.start / 1000)}^{date_short_pretty} {time}|${new Date(n.booking.start).toISOString()}>`;
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Meeting booked:* ${when}` } });
  }
  if (n.acceptUrl && n.kind !== "reassigned_away") {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          style: "primary",
          text: { type: "plain_text", text: "Accept lead" },
          url: n.acceptUrl,
          action_id: "accept",
        },
      ],
    });
  }
  return { text: noticeText(n), blocks };
}
