/**
 * Normalisation of account keys, shared by the CSV import and lead matching so that both
 * sides of a match are built the same way.
 */

/** Legal-form suffixes dropped from company names; "Acme GmbH" and "ACME, Inc." are one company. */
const LEGAL_SUFFIXES = new Set([
  "inc",
  "incorporated",
  "llc",
  "ltd",
  "limited",
  "plc",
  "corp",
  "corporation",
  "co",
  "company",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "aps",
  "kg",
  "pty",
  "pvt",
  "kk",
  "sl",
  "lp",
  "llp",
  "se",
]);

/**
 * Lower-cases, strips accents and punctuation, and drops trailing legal suffixes:
 * "Müller & Söhne GmbH" → "muller sohne". Returns "" when nothing meaningful is left.
 */
export function normalizeCompanyName(name: string): string {
  // Plain ASCII words ("Acme Inc") need only lower-casing before the suffixes are dropped.
  return withoutLegalSuffixes(PLAIN_WORDS.test(name) ? name.toLowerCase().split(" ") : companyWords(name));
}

/** `normalizeCompanyName` without its plain-ASCII shortcut; exported so that a test can check they agree. */
export function normalizeCompanyNameGeneral(name: string): string {
  return withoutLegalSuffixes(companyWords(name));
}

const PLAIN_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

function withoutLegalSuffixes(words: string[]): string {
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

function companyWords(name: string): string[] {
  return (
    name
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      // "S.A." and "S.p.A." are one word each, so that they are seen as legal suffixes.
      .replace(/(\p{L})\.(?=\p{L})/gu, "$1")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
      .split(" ")
      .filter(Boolean)
  );
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST = new RegExp(`^(?:${LABEL}\\.)+[a-z][a-z0-9-]{0,62}$`);
const ASCII_ONLY = /^[\x20-\x7e]*$/;

/**
 * Lower-case ASCII form of a host name: international labels become punycode
 * ("bücher.de" → "xn--bcher-kva.de") so that leads and imported accounts compare equal
 * however each was typed. Returns null when it is not a plausible domain name.
 */
export function toAsciiHost(input: string): string | null {
  let host = input.trim().toLowerCase().replace(/\.$/, "");
  if (/[/?#@:\\\s]/.test(host)) return null;
  if (!ASCII_ONLY.test(host)) {
    // The WHATWG URL parser applies UTS #46 (IDNA) mapping; it is pure and runs everywhere.
    try {
      host = new URL(`http://${host}`).hostname;
    } catch {
      return null;
    }
  }
  return host.length <= 253 && HOST.test(host) ? host : null;
}

/**
 * Reduces whatever an admin pasted ("https://www.Acme.com/about", "acme.com.", "bücher.de")
 * to a bare lower-case ASCII host, or null when it is not a plausible domain name.
 */
export function normalizeDomain(input: string): string | null {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  host = host.split(/[/?#]/, 1)[0] ?? "";
  host = host
    .replace(/:\d+$/, "")
    .replace(/\.$/, "")
    .replace(/^www\./, "");
  return toAsciiHost(host);
}
