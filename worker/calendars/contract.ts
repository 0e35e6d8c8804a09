/**
 * The calendar-connection wire shapes, declared once: the admin routes validate and document
 * with them, and the dashboard imports the types (type-only, so no zod reaches its bundle).
 */
import { z } from "@hono/zod-openapi";

/** The vendors a rep can connect their own calendar account with. */
export const ConnectableProviderSchema = z.enum(["google", "microsoft"]);
export type ConnectableProvider = z.infer<typeof ConnectableProviderSchema>;

/** `:repId` of a connect route. */
export const RepIdParamSchema = z.object({
  repId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "repId", in: "path" } }),
});

/** GET /v1/admin/calendar/{google|microsoft}/connect/:repId: the link to send to the rep. */
export const ConnectLinkSchema = z
  .object({ url: z.url(), expiresAt: z.number().describe("Epoch ms when the link stops working.") })
  .openapi("CalendarConnectLink");
export type ConnectLink = z.infer<typeof ConnectLinkSchema>;

/** One rep's connection, without its sealed token. */
export const CalendarConnectionSchema = z
  .object({
    repId: z.string(),
    provider: ConnectableProviderSchema,
    accountEmail: z.string().nullable(),
    scopes: z.string().nullable(),
    status: z.enum(["connected", "broken", "revoked"]),
    lastError: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("CalendarConnection");
export type CalendarConnection = z.infer<typeof CalendarConnectionSchema>;

/** GET /v1/admin/calendar/connections. */
export const ConnectionsResponseSchema = z.object({ connections: z.array(CalendarConnectionSchema) });
export type ConnectionsResponse = z.infer<typeof ConnectionsResponseSchema>;
