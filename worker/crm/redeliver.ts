/** Redelivery of a CRM write-back from the delivery log: the same row, performed again. */
import type { Database } from "../db/client";
import type { NotificationMessage } from "../notify/queue";
import { crmMessage } from "./messages";
import { getSync, updateSync, type CrmAction } from "./store";

/** The message to queue again for a `crm:` delivery id, or null when the id is not a CRM write-back. */
export async function crmRedelivery(
  db: Database,
  id: string,
  now: number,
): Promise<NotificationMessage | null> {
  if (!id.startsWith("crm:")) return null;
  const row = await getSync(db, id);
  if (!row) return null;
  // Every action is idempotent, so a done one may run again (e.g. after fixing a mapping).
  await updateSync(db, id, { status: "pending", nextAttemptAt: now + 5 * 60_000, updatedAt: now });
  return crmMessage({ ...row, action: row.action as CrmAction });
}
