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
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/**
 * Reduces whatever an admin pasted ("https://www.Acme.com/about", "acme.com.") to a bare
 * lower-case host, or null when it is not a plausible domain name.
 */
export function normalizeDomain(input: string): string | null {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  host = host.split(/[/?#]/, 1)[0] ?? "";
  host = host
    .replace(/:\d+$/, "")
    .replace(/\.$/, "")
    .replace(/^www\./, "");
  const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  const valid = new RegExp(`^(?:${label}\\.)+[a-z][a-z0-9-]{0,62}$`);
  return host.length <= 253 && valid.test(host) ? host : null;
}
