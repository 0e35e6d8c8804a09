import { describe, expect, it } from "vitest";
import {
  CATALOGUES,
  en,
  enWidget,
  formatMessage,
  pickLanguage,
  acceptLanguages,
  widgetLanguage,
  widgetMessages,
} from "../../worker/core/i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).toSorted();

describe("message catalogues", () => {
  for (const [lang, messages] of Object.entries(CATALOGUES)) {
    it(`${lang} has every English key, with the same placeholders, and nothing else`, () => {
      expect(Object.keys(messages).toSorted()).toEqual(Object.keys(en).toSorted());
      for (const [key, text] of Object.entries(en)) {
        const translated = messages[key as keyof typeof en];
        expect(translated.trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(translated), `${lang}.${key}`).toEqual(placeholders(text));
      }
    });
  }

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(formatMessage("{rep} will see you on {when}.", { rep: "Ana", when: "Monday" })).toBe(
      "Ana will see you on Monday.",
    );
    expect(formatMessage("{count} fields", {})).toBe("{count} fields");
  });
});

describe("language choice", () => {
  it.each([
    [["de-AT", "en"], "de"],
    [["pt_BR"], "pt"],
    [["ar", "fr-CA"], "fr"],
    [["ar", "he"], "en"],
    [[], "en"],
  ])("picks from %j → %s", (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });

  it("orders Accept-Language by q-value, then by position, and drops q=0 and *", () => {
    expect(acceptLanguages("fr;q=0.5, de-CH, ja;q=0.9, *;q=0.1, es;q=0")).toEqual(["de-CH", "ja", "fr"]);
    expect(acceptLanguages(undefined)).toEqual([]);
  });
});

describe("the widget's language", () => {
  it.each([
    ["de", undefined, ["fr"], "de"],
    ["de", "es", ["fr"], "es"],
    ["de", "ar", ["fr"], "de"],
    ["browser", undefined, ["fr-CA", "en"], "fr"],
    ["browser", undefined, ["ar"], "en"],
    ["browser", "pt-BR", ["fr"], "pt"],
  ] as const)("form %s, embed %s, browser %j → %s", (form, forced, browser, expected) => {
    expect(widgetLanguage(form, forced, browser)).toBe(expected);
  });

  it("sends the widget's keys only, and nothing for English, which widget.js carries", () => {
    expect(widgetMessages("en")).toBeNull();
    const de = widgetMessages("de")!;
    expect(Object.keys(de).toSorted()).toEqual(Object.keys(enWidget).toSorted());
    expect(de.submit).toBe(CATALOGUES.de.submit);
    expect("yourMeeting" in de).toBe(false);
  });
});
