/**
 * The calendar admin API's wire shapes, declared once: the routes validate and document with
 * them, the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";

/** The vendors a rep can connect their own calendar account with. */
export const ConnectableProviderSchema = z.enum(["google", "microsoft"]);
export type ConnectableProvider = z.infer<typeof ConnectableProviderSchema>;

export const RepIdParam = z.object({
  repId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "repId", in: "path" } }),
});

export const ConnectLinkSchema = z.object({
  url: z.url(),
  expiresAt: z.number().describe("Epoch ms when the link stops working."),
});
/** A consent (Google) or sign-in (Microsoft) link that connects a rep's calendar; sent to the rep. */
export type ConnectLink = z.infer<typeof ConnectLinkSchema>;

export const CalendarConnectionSchema = z.object({
  repId: z.string(),
  provider: ConnectableProviderSchema,
  accountEmail: z.string().nullable(),
  scopes: z.string().nullable(),
  status: z.enum(["connected", "broken", "revoked"]),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A rep's calendar connection and its status (connected, broken, revoked). */
export type CalendarConnection = z.infer<typeof CalendarConnectionSchema>;

export const ConnectionListSchema = z.object({ connections: z.array(CalendarConnectionSchema) });
export type ConnectionList = z.infer<typeof ConnectionListSchema>;
