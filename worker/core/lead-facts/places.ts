import codes from "i18n-iso-countries/codes.json";
import da from "i18n-iso-countries/langs/da.json";
import de from "i18n-iso-countries/langs/de.json";
import en from "i18n-iso-countries/langs/en.json";
import es from "i18n-iso-countries/langs/es.json";
import fi from "i18n-iso-countries/langs/fi.json";
import fr from "i18n-iso-countries/langs/fr.json";
import it from "i18n-iso-countries/langs/it.json";
import ja from "i18n-iso-countries/langs/ja.json";
import nb from "i18n-iso-countries/langs/nb.json";
import nl from "i18n-iso-countries/langs/nl.json";
import pl from "i18n-iso-countries/langs/pl.json";
import pt from "i18n-iso-countries/langs/pt.json";
import sv from "i18n-iso-countries/langs/sv.json";
import zh from "i18n-iso-countries/langs/zh.json";
import { iso31662 } from "iso-3166/2";

/**
 * Country, subdivision and postal code normalisation to ISO 3166 codes.
 *
 * Country names are recognised in English and in the languages that B2B forms are most often
 * filled in (each locale costs about 3 KB gzip in the Worker bundle). English is registered
 * first, so when two languages use one spelling for different countries, English wins.
 */
const LOCALES = [en, de, fr, es, it, pt, nl, sv, nb, da, fi, pl, ja, zh];

const PLAIN_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/** Case, accents and punctuation removed: "Côte d'Ivoire" → "cote d ivoire". */
export function placeKey(text: string): string {
  // Plain ASCII words, the common case ("DE", "United States"), are already a key but for case.
  return PLAIN_WORDS.test(text) ? text.toLowerCase() : placeKeyGeneral(text);
}

/** `placeKey` without its plain-ASCII shortcut; exported so that a test can check they agree. */
export function placeKeyGeneral(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

let countryIndex: Map<string, string> | undefined;

function countries(): Map<string, string> {
  if (countryIndex) return countryIndex;
  const index = new Map<string, string>();
  const add = (key: string, alpha2: string) => {
    if (key && !index.has(key)) index.set(key, alpha2);
  };
  for (const [alpha2, alpha3] of codes) {
    add(alpha2.toLowerCase(), alpha2);
    add(alpha3.toLowerCase(), alpha2);
  }
  for (const locale of LOCALES) {
    for (const [alpha2, names] of Object.entries(locale.countries)) {
      for (const name of Array.isArray(names) ? names : [names]) add(placeKey(name), alpha2);
    }
  }
  return (countryIndex = index);
}

/**
 * ISO 3166-1 alpha-2 code for a code ("de", "DEU") or name ("Germany", "Deutschland",
 * "Allemagne", "United States of America"), or null when it is not recognised.
 */
export function normalizeCountry(value: string): string | null {
  return countries().get(placeKey(value)) ?? null;
}

type Subdivisions = { codes: Set<string>; byName: Map<string, string> };
let subdivisionIndex: Subdivisions | undefined;

function subdivisions(): Subdivisions {
  if (subdivisionIndex) return subdivisionIndex;
  const index: Subdivisions = { codes: new Set(), byName: new Map() };
  for (const { code, name } of iso31662) {
    index.codes.add(code);
    // Keyed by country, because names repeat across countries ("Georgia", "Limburg").
    const key = `${code.slice(0, 2)}|${placeKey(name)}`;
    if (!index.byName.has(key)) index.byName.set(key, code);
  }
  return (subdivisionIndex = index);
}

/**
 * ISO 3166-2 code for a state or province: a full code ("US-CA"), a code local to `country`
 * ("CA", "by") or a name in the country's own usage ("California", "Bayern"). Null when
 * not recognised; a local code or name needs `country`.
 */
export function normalizeSubdivision(value: string, country: string | null): string | null {
  const index = subdivisions();
  const upper = value.trim().toUpperCase();
  if (index.codes.has(upper)) return upper;
  if (!country) return null;
  const local = `${country}-${upper}`;
  if (index.codes.has(local)) return local;
  return index.byName.get(`${country}|${placeKey(value)}`) ?? null;
}

// The config schema's postal code shape, so that a lead's code compares with range bounds.
const POSTAL = /^[A-Z0-9][A-Z0-9 -]{0,9}$/;

/**
 * Upper-cased postal code with single spaces ("sw1a  1aa" → "SW1A 1AA"). US ZIP+4 codes are
 * cut to the five-digit ZIP, which is what territories are drawn with. Null when malformed.
 */
export function normalizePostalCode(value: string, country: string | null): string | null {
  const code = value.trim().toUpperCase().replace(/\s+/g, " ");
  if (country === "US") {
    const zip = /^(\d{5})(?:-?\d{4})?$/.exec(code);
    return zip ? zip[1]! : null;
  }
  return POSTAL.test(code) ? code : null;
}
