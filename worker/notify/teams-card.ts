import type { Audience } from "./recipients";
import type { RepNotice } from "./rep-notice";
import { isShared, noticeTitle, whyLine } from "./notice-text";
import { clip } from "./slack-blocks";

type Element = Record<string, unknown>;

/**
 * Teams takes a message of at most about 28 KB; long lead values are cut well below it, like
 * Slack's, so one long answer cannot make Teams refuse the whole card.
 */
const MAX_VALUE = 1000;

/**
 * TextBlock and FactSet values render a Markdown subset in Teams (bold, italic, lists and
 * `[text](url)` links: https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features),
 * so a visitor's `[text](url)` would become a link in the rep's channel. Escaping the
 * emphasis and link brackets keeps their values literal text.
 */
function esc(text: string): string {
  return clip(text, MAX_VALUE).replace(/[\\`*_[\]]/g, (c) => `\\${c}`);
}

/** `{{DATE()}}`/`{{TIME()}}` show the time in the reader's own zone (Adaptive Cards text functions). */
function cardDate(ms: number): string {
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

function facts(n: RepNotice, audience: Audience): Element[] {
  const rows: [string, string | undefined][] = [
    ["Name", n.lead.name],
    ["Company", n.lead.company],
    ["Email", n.lead.email],
    ["Score", n.lead.score != null ? `${n.lead.score}${n.lead.tier ? ` (${n.lead.tier})` : ""}` : undefined],
    ["Rep", isShared(audience) ? n.rep.name : undefined],
    ...(n.lead.answers ?? []).map((a): [string, string] => [a.label, a.value]),
  ];
  const list = rows
    .filter((r): r is [string, string] => !!r[1])
    .map(([t, v]) => ({ title: esc(t), value: esc(v) }));
  return list.length ? [{ type: "FactSet", facts: list }] : [];
}

function meeting(n: RepNotice): Element[] {
  if (!n.booking) return [];
  const label =
    n.kind === "canceled"
      ? "Meeting canceled"
      : n.kind === "rescheduled"
        ? "Meeting moved to"
        : "Meeting booked";
  const minutes = Math.round((n.booking.end - n.booking.start) / 60_000);
  const was = n.booking.previousStart !== undefined ? ` (was ${cardDate(n.booking.previousStart)})` : "";
  const reason = n.booking.cancelReason ? `. Reason: ${esc(n.booking.cancelReason)}` : "";
  return [
    {
      type: "TextBlock",
      wrap: true,
      text: `**${label}:** ${cardDate(n.booking.start)}, ${minutes} min${was}${reason}`,
    },
  ];
}

/**
 * The Adaptive Card of a notice, the Teams twin of `slackMessage`: the lead, why this rep,
 * the meeting, and Accept / booking-page buttons (Action.OpenUrl: a Workflows webhook has no
 * way back to Baton). Shared channels get no buttons: the links act on the rep's behalf.
 * Version 1.4 is what Teams renders in channels (1.5 features are not needed here).
 */
export function teamsCard(n: RepNotice, audience: Audience = { scope: "rep", id: n.rep.id }): Element {
  const actions: Element[] = [];
  if (!isShared(audience)) {
    if (n.acceptUrl && n.kind !== "reassigned_away")
      actions.push({ type: "Action.OpenUrl", title: "Accept lead", url: n.acceptUrl, style: "positive" });
    if (n.booking?.manageUrl)
      actions.push({ type: "Action.OpenUrl", title: "Open the booking page", url: n.booking.manageUrl });
  }
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body: [
      {
        type: "TextBlock",
        text: esc(noticeTitle(n, audience)),
        weight: "Bolder",
        size: "Medium",
        wrap: true,
      },
      ...facts(n, audience),
      { type: "TextBlock", text: esc(whyLine(n, audience)), isSubtle: true, wrap: true },
      ...meeting(n),
    ],
    ...(actions.length ? { actions } : {}),
  };
}

/**
 * The body a Workflows webhook ("When a Teams webhook request is received") takes: a message
 * activity with one Adaptive Card attachment; the flow posts `attachments[0].content`.
 */
export function teamsWebhookBody(card: Element): string {
  return JSON.stringify({
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card },
    ],
  });
}
