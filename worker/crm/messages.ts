/** The queue message of one CRM write-back: its id is the crm_sync row's id. */
import type { NotificationMessage } from "../notify/channel";
import type { CrmAction } from "./store";

export const CRM_CHANNEL = "crm";

export function crmMessage(
  sync: {
    id: string;
    action: CrmAction;
    leadId: string;
    bookingId: string | null;
  },
  provider = "hubspot",
): NotificationMessage {
  return {
    id: sync.id,
    leadId: sync.leadId,
    ...(sync.bookingId ? { bookingId: sync.bookingId } : {}),
    channel: CRM_CHANNEL,
    eventType: `crm.${sync.action}`,
    target: provider,
    payload: { syncId: sync.id },
  };
}
