/**
 * The lead fields an email gives: the sender, their display name, the subject and text, and
 * the company and phone of the signature where they can be found. Pure; heuristics only
 * where there is no standard (signatures), and then conservative: nothing beats a wrong value.
 */

/** What the parser gives, reduced to what a lead needs. */
export type ParsedEmail = {
  fromAddress: string;
  fromName?: string;
  subject?: string;
  text?: string;
};

export type EmailLeadFields = {
  email: string;
  name?: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  phone?: string;
  subject?: string;
  message?: string;
};

/** Longest text kept as the lead's message; the rest of a long thread is history. */
export const MAX_MESSAGE_CHARS = 10_000;

const CLOSING = /^(best|kind|warm)?\s*(regards|wishes)|^(thanks|thank you|cheers|sincerely|best)\b[\s,!.]*$/i;
const PHONE = /(\+?\d[\d\s().-]{6,}\d)/;
const PHONE_LABEL = /^(tel|phone|mobile|mob|cell|direct|office|t|m|p)\b\.?\s*[:.]?\s*/i;
const LEGAL_SUFFIX =
  /\b(inc|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co|pty|oy|ab|as|kk|srl|spa)\b\.?$/i;
const TITLE_AT = /^(.+?)\s*(?:\sat\s|@|,|\||\s-\s|\s–\s)\s*(.+)$/;
const TITLE_WORDS =
  /\b(head|manager|director|vp|chief|ceo|cto|cfo|coo|lead|engineer|founder|officer|partner)\b/i;

/** The message without quoted history (`> …` lines and what follows "On … wrote:"). */
function ownText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    if (/^On .+wrote:\s*$/.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (line.startsWith(">")) continue;
    out.push(line);
  }
  return out.join("\n").trim();
}

/** The signature block: after the RFC 3676 "-- " delimiter, else after a closing line. */
function signatureLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.trimEnd());
  let start = lines.findIndex((l) => l === "--" || l === "-- ");
  if (start < 0) start = lines.findLastIndex((l) => CLOSING.test(l.trim()));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 8);
}

function phoneOf(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    if (line.includes("@") || /https?:|www\./i.test(line)) continue;
    const m = PHONE.exec(line.replace(PHONE_LABEL, ""));
    if (m && m[1]!.replace(/\D/g, "").length >= 7) return m[1]!.trim();
  }
  return undefined;
}

function companyOf(lines: readonly string[], name: string | undefined): string | undefined {
  const candidates = lines.filter(
    (l) =>
      l !== name && !l.includes("@") && !/https?:|www\./i.test(l) && !PHONE_LABEL.test(l) && !PHONE.test(l),
  );
  for (const l of candidates) {
    const m = TITLE_AT.exec(l);
    if (m && TITLE_WORDS.test(m[1]!)) return m[2]!.trim();
  }
  return candidates.find((l) => LEGAL_SUFFIX.test(l));
}

function splitName(name: string | undefined) {
  const parts = name?.trim().split(/\s+/) ?? [];
  if (parts.length < 2) return {};
  return { first_name: parts.slice(0, -1).join(" "), last_name: parts.at(-1)! };
}

/** The lead fields of one parsed email; empty values are left out. */
export function emailLeadFields(mail: ParsedEmail): EmailLeadFields {
  const name = mail.fromName?.replace(/[\r\n"]/g, "").trim() || undefined;
  const text = ownText(mail.text ?? "");
  const sig = signatureLines(text);
  const fields: EmailLeadFields = {
    email: mail.fromAddress.trim().toLowerCase(),
    name,
    ...splitName(name),
    company: companyOf(sig, name),
    phone: phoneOf(sig),
    subject: mail.subject?.trim().slice(0, 500) || undefined,
    message: text.slice(0, MAX_MESSAGE_CHARS) || undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as EmailLeadFields;
}
