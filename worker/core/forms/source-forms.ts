import type { Form } from "../config-doc";
import { SIGNAL_TASK_FORM_ID } from "../signals/route-task";
import { EMAIL_FORM_ID } from "../inbound-email";
import { EVENT_FORM_ID } from "../event-lists/rows";

type SourceForm = Pick<Form, "fields" | "repAnswers">;

const field = (name: string, label: string) => ({ name, label, type: "text" as const, required: false });

/**
 * What reps are shown of leads that came from no config form: a signal task shows the
 * signal, an event-list row its event and badge details, an email its subject, text and signature details. Keyed by the lead's `formId`, which for these sources is not a config form id.
 */
const SOURCE_FORMS: Record<string, SourceForm> = {
  [EMAIL_FORM_ID]: {
    fields: [
      field("subject", "Subject"),
      field("message", "Message"),
      field("company", "Company"),
      field("phone", "Phone"),
    ],
    repAnswers: ["subject", "message", "company", "phone"],
  },
  [EVENT_FORM_ID]: {
    fields: [
      field("event", "Event"),
      field("company", "Company"),
      field("title", "Title"),
      field("phone", "Phone"),
      field("country", "Country"),
    ],
    repAnswers: ["event", "company", "title", "phone", "country"],
  },
  [SIGNAL_TASK_FORM_ID]: {
    fields: [
      field("company", "Account"),
      field("domain", "Domain"),
      field("signal_kind", "Signal"),
      field("signal_strength", "Strength"),
      field("signal_source", "Source"),
    ],
    repAnswers: ["company", "domain", "signal_kind", "signal_strength", "signal_source"],
  },
};

/** The built-in form of a lead that came from another source than a form, if any. */
export function sourceForm(formId: string): SourceForm | undefined {
  return SOURCE_FORMS[formId];
}
