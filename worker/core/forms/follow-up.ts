/**
 * The submitted-but-not-booked follow-up's decisions: which leads are due, and the visitor's
 * email. Pure: the cron passes `now` and the live config, and does the I/O.
 */
import type { Form } from "../config-doc";
import { CATALOGUES, formatMessage, type Language } from "../i18n";

const MINUTE_MS = 60_000;
/**
 * A lead is followed up at most this long after it became due. Without the bound, turning
 * `followUp` on (or a cron outage ending) would email every visitor who ever left without
 * booking, months later; the link's booking token lasts a week, so a day late is the limit.
 */
export const FOLLOW_UP_LATE_MS = 24 * 60 * MINUTE_MS;

/** Per form with a follow-up: leads first shown slots in [shownFrom, shownBefore] are due. */
export type FollowUpWindow = {
  formId: string;
  shownFrom: number;
  shownBefore: number;
  emailVisitor: boolean;
  language: Language;
};

/**
 * The due windows for every form that configures `followUp`. A form whose language is
 * "browser" writes in English: the cron has no visitor's browser to ask.
 */
export function followUpWindows(forms: readonly Form[], now: number): FollowUpWindow[] {
  return forms.flatMap((form) => {
    if (!form.followUp) return [];
    const shownBefore = now - form.followUp.afterMinutes * MINUTE_MS;
    return [
      {
        formId: form.id,
        shownFrom: shownBefore - FOLLOW_UP_LATE_MS,
        shownBefore,
        emailVisitor: form.followUp.emailVisitor,
        language: form.language === "browser" ? "en" : form.language,
      },
    ];
  });
}

/** The visitor's follow-up email, in the form's language: a link back to fresh slots. */
export function followUpEmail(
  language: Language,
  vars: { rep: string; org: string; url: string },
): { subject: string; text: string } {
  const m = CATALOGUES[language];
  return { subject: formatMessage(m.followUpSubject, vars), text: formatMessage(m.followUpBody, vars) };
}
