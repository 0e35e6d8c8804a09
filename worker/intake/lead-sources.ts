import type { LeadFacts } from "../core/lead-facts";
import { routeLead, type RoutingDecision } from "../core/routing";
import { routeSignalTask, SIGNAL_TASK_FORM_ID } from "../core/signals";
import { EMAIL_FORM_ID } from "../core/inbound-email";
import { EVENT_FORM_ID } from "../core/event-lists/rows";
import type { ActiveConfig } from "../config/store";
import type { LeadRow } from "../leads/lead-queries";
import type { PreparedLead } from "./route-lead";

/**
 * Leads that come from other sources than a config form (signal tasks, inbound email, event
 * lists) go through the same routing path; what differs is read here, by the lead's form id.
 */

/** What account matching reads: a signal task names its account by domain, not by an email. */
export function lookupFacts(lead: Pick<LeadRow, "fields" | "formId">, facts: LeadFacts): LeadFacts {
  const domain = lead.fields.domain;
  if (lead.formId !== SIGNAL_TASK_FORM_ID || typeof domain !== "string") return facts;
  return { ...facts, email_host: domain, email_domain: domain, is_free_email: false };
}

/**
 * The rules' decision: an email lead by the config's email rule set, an event-list lead by
 * the rule set its upload chose, a signal task where the
 * task rule that made it says, any other lead by its form's rule set.
 */
export function decide(
  active: ActiveConfig,
  lead: LeadRow,
  facts: LeadFacts,
  prepared: Pick<PreparedLead, "base" | "account">,
): RoutingDecision {
  const input = { config: active.config, facts, notes: prepared.base.notes, account: prepared.account };
  if (lead.formId === EMAIL_FORM_ID) {
    // Throws without an email section: the lead then waits as unrouted, visibly, for the repair cron.
    const ruleSetId = active.config.email?.ruleSetId;
    if (!ruleSetId) throw new RangeError("The config has no email section to route email leads");
    return routeLead({ ...input, ruleSetId });
  }
  if (lead.formId === EVENT_FORM_ID) {
    // The upload chose the rule set; it travels in the lead so the repair cron routes alike.
    const ruleSetId = (lead.context as { eventList?: { ruleSetId?: unknown } } | null)?.eventList?.ruleSetId;
    return routeLead({ ...input, ruleSetId: String(ruleSetId) });
  }
  if (lead.formId !== SIGNAL_TASK_FORM_ID) return routeLead({ ...input, formId: lead.formId });
  const task = (lead.context as { signalTask?: { ruleId?: unknown } } | null)?.signalTask;
  return routeSignalTask({ ...input, ruleId: String(task?.ruleId) });
}
