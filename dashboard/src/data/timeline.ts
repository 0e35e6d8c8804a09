/** Timeline entries of the lead page as sentences. Pure, so each kind's wording is tested. */
import { fieldText, formatWhen, humanize } from "./format";

export type Names = {
  rep: (id: string) => string;
  team: (id: string) => string;
  rule: (id: string) => string;
};

const TITLES: Record<string, string> = {
  received: "Received",
  routed: "Routed",
  unrouted: "Could not be routed",
  notified: "Notified",
  accepted: "Accepted",
  booked: "Meeting booked",
  canceled: "Meeting canceled",
  rescheduled: "Meeting rescheduled",
  reassigned: "Reassigned",
  escalated: "Escalated",
  outcome: "Outcome recorded",
  event_list: "From an event list",
  event_merged: "On an event list again",
  erased: "Personal data erased",
};

export const timelineTitle = (kind: string) => TITLES[kind] ?? humanize(kind);

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** One line describing the entry's detail; empty when there is nothing worth saying. */
export function timelineText(kind: string, detail: unknown, names: Names): string {
  const d = (detail && typeof detail === "object" ? detail : {}) as Record<string, unknown>;
  const rep = str(d.repId) && names.rep(str(d.repId)!);
  const team = str(d.teamId) && names.team(str(d.teamId)!);
  switch (kind) {
    case "received":
      return str(d.formId) ? `Form “${d.formId}”` : "";
    case "routed":
      return str(d.ruleId) ? `By rule “${names.rule(str(d.ruleId)!)}”` : "By the fallback";
    case "unrouted":
      return str(d.error) ?? "No rep could take it; the repair job retries.";
    case "reassigned":
    case "escalated":
      return [rep && `to ${rep}`, team && `in ${team}`, str(d.reason) && `(${humanize(str(d.reason)!)})`]
        .filter(Boolean)
        .join(" ");
    case "accepted":
      return rep ? `by ${rep}` : "";
    case "booked":
      return [rep && `with ${rep}`, str(d.start) && `for ${formatWhen(str(d.start))}`]
        .filter(Boolean)
        .join(" ");
    case "notified":
      return [str(d.channel) && humanize(str(d.channel)!), str(d.event)].filter(Boolean).join(": ");
    case "event_list":
    case "event_merged":
      return [str(d.list) && `“${d.list}”`, typeof d.row === "number" && `row ${d.row}`]
        .filter(Boolean)
        .join(", ");
    case "outcome":
      return [str(d.outcome) && humanize(str(d.outcome)!), rep && `by ${rep}`].filter(Boolean).join(" ");
    default:
      return Object.entries(d)
        .filter(([, v]) => v !== null && v !== undefined && v !== "")
        .map(([k, v]) => `${humanize(k)}: ${fieldText(v)}`)
        .join(", ");
  }
}
