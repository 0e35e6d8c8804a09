/**
 * Message catalogues for the widget and the hosted pages. Pure data plus a formatter, so the
 * Worker renders pages with it and the widget bundles English from it (the other languages
 * are emitted as `/i18n/<lang>.json` and fetched when a form needs them).
 */
import { de } from "./de";
import { en, type MessageKey, type Messages } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";
import { pt } from "./pt";

export { en, type MessageKey, type Messages };
export { acceptLanguages, formatMessage, pickLanguage, LANGUAGES, type Language } from "./format";

/** Every shipped catalogue, by language. */
export const CATALOGUES = { en, de, fr, es, pt, ja } as const satisfies Record<string, Messages>;
