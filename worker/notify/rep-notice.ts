import type { Rep, RoutingConfig } from "../core/config-doc";
import { repAnswers, type RepAnswer } from "../core/forms/answers";
import { sourceForm } from "../core/forms/source-forms";
import type { LeadRow } from "../leads/lead-queries";
import type { NotificationMessage } from "./channel";
import { recipientsFor, type ChannelConfig } from "./recipients";
import { isShared, noticeText, noticeTitle } from "./notice-text";
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
