/** The queue message of one CRM write-back: its id is the crm_sync row's id. */
import type { NotificationMessage } from "../notify/queue";
import type { CrmAction } from "./store";

export const CRM_CHANNEL = "crm";

export function crmMessage(syncId: string, action: CrmAction, provider = "hubspot"): NotificationMessage {
  return {
    id: syncId,
    channel: CRM_CHANNEL,
    eventType: `crm.${action}`,
    target: provider,
    payload: { syncId },
  };
}
