/**
 * The widget's texts. English is built in; another language arrives with the form definition
 * (`messages`, chosen by the server from the form's config, the embed's `data-baton-lang` or
 * the browser's languages), so no other catalogue is in widget.js. One language per page: the
 * last form definition loaded sets it.
 */
import { enWidget, type WidgetKey } from "../../worker/core/i18n/en-widget";
import { formatMessage } from "../../worker/core/i18n/format";

let messages: Record<string, string> = enWidget;
/** The BCP 47 tag dates and times are formatted in; undefined (the browser's) until a form says. */
export let locale: string | undefined;

/** Switches the texts to a form definition's language. */
export function setMessages(form: { language?: string; messages?: Record<string, string> | null }) {
  messages = form.messages ?? enWidget;
  locale = form.language;
}

/** A message in the current language, placeholders filled; English when a key is missing. */
export const t = (key: WidgetKey, vars?: Record<string, string | number>) =>
  formatMessage(messages[key] ?? enWidget[key], vars);

/** What the form definition request tells the server about the visitor's language. */
export function languageQuery(forced?: string): string {
  return forced
    ? `?lang=${encodeURIComponent(forced)}`
    : `?accept=${encodeURIComponent(navigator.languages.join())}`;
}
