import type { Audience } from "./recipients";
import type { RepNotice } from "./rep-notice";
import { isShared, noticeText, noticeTitle } from "./notice-text";

type Block = Record<string, unknown>;

/**
 * Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks a message,
 * 150 characters in a header, 3000 in a section's text, 2000 in each of at most 10 fields,
 * 75 in a button's label, 3000 in its URL. Slack refuses the whole message with
 * `invalid_blocks` when one is exceeded, so long lead values are cut instead.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextText: 3000,
  buttonText: 75,
  url: 3000,
  fallbackText: 3000,
} as const;

// Slack mrkdwn treats &, < and > as control characters (https://api.slack.com/reference/surfaces/formatting#escaping).
function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Cuts `text` to `max` characters with an ellipsis, never inside an `&amp;`-style escape. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return (
    chars
      .slice(0, max - 1)
      .join("")
      .replace(/&[a-z]*$/, "") + "…"
  );
}

function leadFields(n: RepNotice, audience: Audience): Block[] {
  const fields = [
    n.lead.name && `*Name*\n${esc(n.lead.name)}`,
    n.lead.company && `*Company*\n${esc(n.lead.company)}`,
    n.lead.email && `*Email*\n${esc(n.lead.email)}`,
    n.lead.score !== undefined &&
      n.lead.score !== null &&
      `*Score*\n${n.lead.score}${n.lead.tier ? ` (${esc(n.lead.tier)})` : ""}`,
    isShared(audience) && `*Rep*\n${esc(n.rep.name)}`,
  ].filter((f): f is string => typeof f === "string");
  if (fields.length === 0) return [];
  const items = fields.slice(0, SLACK_LIMITS.fields);
  return [
    {
      type: "section",
      fields: items.map((f) => ({ type: "mrkdwn", text: clip(f, SLACK_LIMITS.fieldText) })),
    },
  ];
}

function whyMrkdwn(n: RepNotice, audience: Audience): string {
  const who = isShared(audience) ? `Why ${esc(n.rep.name)}` : "Why you";
  return `*${who}:* ${esc(n.why)}`;
}

/** `<!date^…>` shows the time in each reader's own zone, with the ISO time as fallback. */
function slackDate(ms: number): string {
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;
}

function bookingBlock(n: RepNotice, audience: Audience): Block[] {
  if (!n.booking) return [];
  const label =
    n.kind === "canceled"
      ? "Meeting canceled"
      : n.kind === "rescheduled"
        ? "Meeting moved to"
        : "Meeting booked";
  const was = n.booking.previousStart !== undefined ? ` (was ${slackDate(n.booking.previousStart)})` : "";
  const minutes = Math.round((n.booking.end - n.booking.start) / 60_000);
  const reason = n.booking.cancelReason ? `\n*Reason:* ${esc(n.booking.cancelReason)}` : "";
  // The booking page can move or cancel the meeting: the rep's own channel only.
  const page =
    n.booking.manageUrl && !isShared(audience) ? `\n<${n.booking.manageUrl}|Open the booking page>` : "";
  const text = `*${label}:* ${slackDate(n.booking.start)}, ${minutes} min${was}${reason}${page}`;
  return [{ type: "section", text: { type: "mrkdwn", text: clip(text, SLACK_LIMITS.sectionText) } }];
}

/** The visitor's answers the form shows reps: one section, one line per answer. */
function answersBlock(n: RepNotice): Block[] {
  const answers = n.lead.answers ?? [];
  if (answers.length === 0) return [];
  const text = answers.map((a) => `*${esc(a.label)}*\n${esc(a.value)}`).join("\n");
  return [{ type: "section", text: { type: "mrkdwn", text: clip(text, SLACK_LIMITS.sectionText) } }];
}

/**
 * A Block Kit message for an incoming webhook: the lead, why this rep, the booking if any,
 * and an Accept button. The button is a plain link (`url`), because incoming webhooks have
 * no interactivity endpoint; the link opens Baton's accept page. Shared channels get no
 * button: the link accepts on the rep's behalf, so it goes to the rep alone.
 */
export function slackMessage(
  n: RepNotice,
  audience: Audience = { scope: "rep", id: n.rep.id },
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clip(noticeTitle(n, audience), SLACK_LIMITS.headerText) },
    },
    ...leadFields(n, audience),
    ...answersBlock(n),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(whyMrkdwn(n, audience), SLACK_LIMITS.contextText) }],
    },
    ...bookingBlock(n, audience),
  ];
  if (
    n.acceptUrl &&
    !isShared(audience) &&
    n.kind !== "reassigned_away" &&
    n.acceptUrl.length <= SLACK_LIMITS.url
  ) {
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
  if (n.workspaceUrl && !isShared(audience) && n.workspaceUrl.length <= SLACK_LIMITS.url) {
    const button = {
      type: "button",
      text: { type: "plain_text", text: "My leads" },
      url: n.workspaceUrl,
      action_id: "workspace",
    };
    // Next to Accept when there is one: one row of actions.
    const last = blocks.at(-1) as { type: string; elements?: unknown[] } | undefined;
    if (last?.type === "actions" && last.elements) last.elements.push(button);
    else blocks.push({ type: "actions", elements: [button] });
  }
  return { text: clip(noticeText(n, audience), SLACK_LIMITS.fallbackText), blocks };
}
