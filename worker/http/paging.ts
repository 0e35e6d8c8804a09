import { z } from "@hono/zod-openapi";
import { ID_PATTERN } from "../core/config-doc/patterns";
import { AppError } from "../errors";

/**
 * Query pieces shared by the admin list routes: instants, opaque keyset cursors and ids.
 * Cursors are base64url JSON so the client treats them as opaque and the server can change them.
 */

/** An instant as ISO-8601 (with offset) or a plain UTC date, read as epoch ms. */
export const InstantQuery = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => Date.parse(s))
  .openapi({ type: "string", example: "2026-12-01T00:00:00Z" });

export const IdQuery = z.string().regex(ID_PATTERN, "must be an id");

export const LimitQuery = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

export const CursorQuery = z.string().max(400).optional().openapi({
  description: "`nextCursor` of the previous page",
});

export function encodeCursor(value: Record<string, string | number>): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Reads a cursor back, or answers 422: a forged cursor is a bad request, not a 500. */
export function decodeCursor<T extends z.ZodType>(
  raw: string | undefined,
  shape: T,
): z.output<T> | undefined {
  if (raw === undefined) return undefined;
  try {
    const json = atob(raw.replaceAll("-", "+").replaceAll("_", "/"));
    const parsed = shape.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the 422
  }
  throw new AppError(422, "validation_failed", "The cursor is not one this API gave out.", {
    errors: [{ path: ["cursor"], code: "invalid_cursor", message: "Unknown cursor" }],
  });
}

export const TimeKeyCursor = z.object({ t: z.number().int(), id: z.string().max(200) });

export const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** A JSON column as stored by drizzle (text), parsed; null when absent or unreadable. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** The person's display name from common form fields. */
export function leadName(fields: Record<string, unknown>): string | null {
  const full = [text(fields.first_name), text(fields.last_name)].filter(Boolean).join(" ");
  return full || text(fields.name);
}
