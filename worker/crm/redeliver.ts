/** Redelivery of a CRM write-back from the delivery log: the same row, performed again. */
import type { Database } from "../db/client";
import type { NotificationMessage } from "../notify/channel";
import { crmMessage } from "./messages";
import { getActiveConnection, getSync, updateSync, type CrmAction } from "./store";

/** The message to queue again for a `crm:` delivery id, or null when the id is not a CRM write-back. */
export async function crmRedelivery(
  db: Database,
  id: string,
  now: number,
): Promise<NotificationMessage | null> {
  if (!id.startsWith("crm:")) return null;
  const [row, connection] = await Promise.all([getSync(db, id), getActiveConnection(db)]);
  if (!row) return null;
  // Every action is idempotent, so a done one may run again (e.g. after fixing a mapping).
  await updateSync(db, id, { status: "pending", nextAttemptAt: now + 5 * 60_000, updatedAt: now });
  return crmMessage({ ...row, action: row.action as CrmAction }, connection?.id);
}
