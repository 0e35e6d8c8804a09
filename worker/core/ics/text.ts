/**
 * RFC 5545 text helpers: value escaping (§3.3.11), UTC date-times (§3.3.5) and line folding
 * (§3.1: lines longer than 75 octets continue on the next line after CRLF and a space).
 */
const encoder = new TextEncoder();

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replaceAll("\\", "\\\\")
    .replaceAll(";", "\\;")
    .replaceAll(",", "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** "20260302T090000Z" for an epoch-ms instant; seconds kept, milliseconds dropped. */
export function utcDateTime(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Folds one content line at 75 octets, never inside a UTF-8 sequence (a split multi-byte
 * character is what breaks Outlook on names like "Álvarez").
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // Continuation lines start with a space, which counts towards their 75.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}
