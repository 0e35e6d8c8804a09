/**
 * Message catalogues for the widget and the hosted pages. Pure data plus a formatter, so the
 * Worker renders pages with it and the widget bundles English from it (the other languages
 * are emitted as `/i18n/<lang>.json` and fetched when a form needs them).
 */
import { de } from "./de";
import { en, enWidget, type MessageKey, type Messages, type WidgetKey } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";
import { pt } from "./pt";
import type { Language } from "./format";

export { en, enWidget, type MessageKey, type Messages, type WidgetKey };
export {
  acceptLanguages,
  formatMessage,
  pickLanguage,
  widgetLanguage,
  LANGUAGES,
  type Language,
} from "./format";

/** Every shipped catalogue, by language. */
export const CATALOGUES = { en, de, fr, es, pt, ja } as const satisfies Record<string, Messages>;

/**
 * The widget's messages in `language`, sent with the form definition so that widget.js ships
 * English only; null for English, which the bundle already has.
 */
export function widgetMessages(language: Language): Record<WidgetKey, string> | null {
  if (language === "en") return null;
  const all = CATALOGUES[language];
  return Object.fromEntries(Object.keys(enWidget).map((k) => [k, all[k as WidgetKey]])) as Record<
    WidgetKey,
    string
  >;
}
