import { humanize } from "../data/format";

/** A lead's status as a coloured badge (the list and the lead page). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.replace(/[^a-z_]/g, "")}`}>{humanize(status)}</span>;
}
