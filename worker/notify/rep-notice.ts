import type { Rep, RoutingConfig } from "../core/config-doc";
import { repAnswers, type RepAnswer } from "../core/forms/answers";
import { sourceForm } from "../core/forms/source-forms";
import type { LeadRow } from "../leads/lead-queries";
import type { NotificationMessage } from "./queue";
import { recipientsFor, type Audience, type ChannelConfig } from "./recipients";
import { slackMessage } from "./slack-blocks";
import { teamsCard } from "./teams-card";

/** The lead as a rep sees it in a notification; no form fields beyond these leave Baton. */
export type LeadSummary = {
  id: string;
  name?: string;
  email?: string;
  company?: string;
  score?: number | null;
  tier?: string | null;
  /** The answers the lead's form shows reps (`repAnswers`); erased with the lead's notices. */
  answers?: RepAnswer[];
};

/**
 * What a notice shows of a stored lead: its name, email, company, score and tier, and with the
 * live config, the answers its form chose to show reps.
 */
export function leadSummary(lead: LeadRow, config?: Pick<RoutingConfig, "forms">): LeadSummary {
  const f = lead.fields;
  const answers = repAnswers(
    config?.forms.find((form) => form.id === lead.formId) ?? sourceForm(lead.formId),
    f,
  );
  return {
    ...(answers.length ? { answers } : {}),
    id: lead.id,
    email: lead.email ?? undefined,
    name: [str(f.first_name), str(f.last_name)].filter(Boolean).join(" ") || str(f.name),
    company: str(f.company),
    score: lead.score,
    tier: lead.tier,
  };
}

/** A non-empty string form value, else undefined. */
function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** A meeting as notices show it; `previousStart` is set when it was moved. */
export type NoticeBooking = {
  id?: string;
  start: number;
  end: number;
  timezone?: string | null;
  previousStart?: number;
  /** The visitor's booking page (`/b/…`): the rep's own notice only, like the accept link. */
  manageUrl?: string;
  /** What the visitor wrote when cancelling, if anything. */
  cancelReason?: string | null;
};

/** One thing a rep (and the team's and org's shared channels) is told about a lead. */
export type RepNotice = {
  kind:
    | "assigned"
    | "reassigned_to"
    | "reassigned_away"
    | "escalated"
    | "booked"
    | "canceled"
    | "rescheduled"
    | "not_booked";
  rep: Pick<Rep, "id" | "name" | "email" | "notify">;
  lead: LeadSummary;
  /** Why this rep, in one line (from the routing trace or the SLA sweep). */
  why: string;
  acceptUrl?: string;
  /** A single-use link that signs the rep into the workspace (worker/reps/signin.ts); rep only. */
  workspaceUrl?: string;
  booking?: NoticeBooking;
  /** Set when a person moved the lead by hand (their audit label); the SLA sweep leaves it out. */
  movedBy?: string;
  /** The assignment attempt a reassignment notice is about, so each move has its own message id. */
  attempt?: number;
  /** The lead's team: its channels hear about the notice too. */
  teamId?: string | null;
  /** Team and org channels from the live config; without it only the rep's own channels are used. */
  channels?: ChannelConfig;
};

const EVENT: Record<RepNotice["kind"], string> = {
  assigned: "lead.routed",
  reassigned_to: "lead.reassigned",
  reassigned_away: "lead.reassigned",
  escalated: "lead.escalated",
  booked: "meeting.booked",
  canceled: "meeting.canceled",
  rescheduled: "meeting.booked",
  not_booked: "lead.not_booked",
};

const MEETING_KINDS = new Set<RepNotice["kind"]>(["booked", "canceled", "rescheduled"]);
const REP: Audience = { scope: "rep", id: "" };

/** Whether a message goes to a shared (team or org) channel rather than the rep's own. */
export const isShared = (audience: Audience) => audience.scope !== "rep";

/** Subject line / Slack header. A shared channel is told whose lead it is. */
export function noticeTitle(n: RepNotice, audience: Audience = REP): string {
  const who = n.lead.name ?? n.lead.email ?? "A lead";
  const company = n.lead.company ? ` (${n.lead.company})` : "";
  const lead = `${who}${company}`;
  const forRep = isShared(audience) ? ` → ${n.rep.name}` : "";
  switch (n.kind) {
    case "reassigned_away":
      return n.movedBy
        ? `${lead} was reassigned by ${n.movedBy}`
        : `${lead} was reassigned: the accept deadline passed`;
    case "escalated":
      return isShared(audience) ? `Escalated: ${lead}${forRep}` : `Escalated to you: ${lead}`;
    case "booked":
      return `Meeting booked: ${lead}${forRep}`;
    case "canceled":
      return `Meeting canceled: ${lead}${forRep}`;
    case "rescheduled":
      return `Meeting rescheduled: ${lead}${forRep}`;
    case "not_booked":
      return `Not booked yet: ${lead}${forRep}`;
    default:
      return `New lead: ${lead}${forRep}`;
  }
}

/** The "why" line: addressed to the rep, or naming the rep in a shared channel. */
export function whyLine(n: RepNotice, audience: Audience = REP): string {
  return isShared(audience) ? `Why ${n.rep.name}: ${n.why}` : `Why you: ${n.why}`;
}

/** Plain-text body shared by email and Slack's fallback. */
export function noticeText(n: RepNotice, audience: Audience = REP): string {
  const lines = [noticeTitle(n, audience), whyLine(n, audience)];
  if (n.lead.email) lines.push(`Email: ${n.lead.email}`);
  if (n.lead.score !== undefined && n.lead.score !== null)
    lines.push(`Score: ${n.lead.score}${n.lead.tier ? ` (${n.lead.tier})` : ""}`);
  for (const a of n.lead.answers ?? []) lines.push(`${a.label}: ${a.value}`);
  if (n.booking) {
    lines.push(`Meeting: ${new Date(n.booking.start).toISOString()}`);
    if (n.booking.previousStart !== undefined)
      lines.push(`Was: ${new Date(n.booking.previousStart).toISOString()}`);
    if (n.booking.cancelReason) lines.push(`Reason: ${n.booking.cancelReason}`);
    if (n.booking.manageUrl && !isShared(audience)) lines.push(`Booking page: ${n.booking.manageUrl}`);
  }
  if (n.acceptUrl && !isShared(audience)) lines.push(`Accept: ${n.acceptUrl}`);
  if (n.workspaceUrl && !isShared(audience)) lines.push(`Your leads in Baton: ${n.workspaceUrl}`);
  return lines.join("\n");
}

/**
 * The queue messages for one notice, one per recipient (see `recipientsFor`): the rep's Slack,
 * Teams and email, then the team's and the org's shared channels. Chat URLs are credentials, so a
 * message names its audience and the channel looks the URL up at delivery time; the log's
 * `target` never holds it. The accept link is the rep's own credential and stays out of
 * shared channels.
 */
export function noticeMessages(n: RepNotice): NotificationMessage[] {
  const eventType = EVENT[n.kind];
  const base = `${n.lead.id}:${n.kind}:${n.rep.id}${n.booking?.id ? `:${n.booking.id}` : ""}${n.attempt ? `:${n.attempt}` : ""}`;
  const recipients = recipientsFor(n.rep, n.teamId, n.channels, {
    // The previous rep's "it moved on" notice is personal; the shared channels get the new rep's.
    shared: n.kind !== "reassigned_away",
    repEmail: !MEETING_KINDS.has(n.kind),
  });
  const links = { leadId: n.lead.id, ...(n.booking ? { bookingId: n.booking.id } : {}) };
  return recipients.map((r): NotificationMessage => {
    const where = `${r.audience.scope}:${r.audience.id}`;
    const id = `${r.channel}:${base}${isShared(r.audience) ? `:${where}` : ""}`;
    if (r.channel === "slack") {
      return {
        id,
        ...links,
        channel: "slack",
        eventType,
        target: `slack ${where}`,
        payload: { audience: r.audience, ...slackMessage(n, r.audience) },
      };
    }
    if (r.channel === "teams") {
      return {
        id,
        ...links,
        channel: "teams",
        eventType,
        target: `teams ${where}`,
        payload: { audience: r.audience, card: teamsCard(n, r.audience) },
      };
    }
    return {
      id,
      ...links,
      channel: "email",
      eventType,
      target: `email ${where}`,
      payload: { to: r.address, subject: noticeTitle(n, r.audience), text: noticeText(n, r.audience) },
    };
  });
}
