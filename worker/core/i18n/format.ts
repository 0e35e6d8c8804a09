/**
 * The two functions both sides share: filling a message's `{name}` placeholders, and picking
 * the catalogue for a list of preferred languages. No catalogue is imported here, so the
 * widget can use them without pulling every language into its bundle.
 */

/** The shipped languages (BCP 47 primary subtags), English first: the fallback. */
export const LANGUAGES = ["en", "de", "fr", "es", "pt", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/** `message` with each `{name}` replaced by `vars[name]`; unknown names stay as written. */
export function formatMessage(message: string, vars: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * The first shipped language among `preferred` (BCP 47 tags in order of preference, as
 * `navigator.languages` or a parsed Accept-Language gives them), matched by primary subtag
 * ("de-AT" → "de"); English when none is shipped.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    const found = LANGUAGES.find((l) => l === primary);
    if (found) return found;
  }
  return "en";
}

/** The tags of an Accept-Language header, most preferred first (RFC 9110 §12.5.4 q-values). */
export function acceptLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .slice(0, 20)
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.q > 0)
    .toSorted((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

/**
 * The widget's language: the embed's `data-baton-lang` when it names a shipped language, else
 * the form's, else (the form says "browser") the first shipped one of the visitor's browser.
 */
export function widgetLanguage(
  formLanguage: Language | "browser",
  forced: string | undefined,
  browser: readonly string[],
): Language {
  const primary = forced?.trim().toLowerCase().split(/[-_]/)[0];
  const chosen = LANGUAGES.find((l) => l === primary);
  if (chosen) return chosen;
  return formLanguage === "browser" ? pickLanguage(browser) : formLanguage;
}
