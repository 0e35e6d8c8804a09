/**
 * The OAuth redirect targets' shapes, declared once for every provider that sends a browser
 * back to Baton (Google and Microsoft calendars, HubSpot).
 */
import { z } from "@hono/zod-openapi";

/** What a provider appends to the redirect URL (RFC 6749 §4.1.2); Microsoft's codes run long. */
export const OAuthCallbackQuery = z.object({
  state: z.string().max(2048),
  code: z.string().max(4096).optional(),
  error: z.string().max(200).optional(),
});

/** The page shown to the person who just consented. */
export const HtmlPageSchema = z.string();
