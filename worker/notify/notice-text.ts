/**
 * The words of a rep notice, shared by every channel's rendering (email text, Slack blocks,
 * Teams card): its title, the "why" line and the plain-text body, addressed to the rep or
 * naming the rep in a shared channel. Kept apart from rep-notice.ts, which builds the
 * messages from the renderings, so the renderers do not import their caller.
 */
import type { Audience } from "./recipients";
import type { RepNotice } from "./rep-notice";

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
