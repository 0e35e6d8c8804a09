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

const DAY_MS = 86_400_000;
/** A year and a leap day: a long leave fits, a block typed with the wrong year does not. */
const MAX_BLOCK_MS = 366 * DAY_MS;

const Instant = z.iso.datetime({ offset: true });

/** A manual block on the builtin calendar (a rep's holiday, an offsite). */
export const BlockInputSchema = z
  .object({
    repId: z.string().min(1).max(200),
    start: Instant,
    end: Instant,
    reason: z.string().max(500).optional(),
  })
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), {
    path: ["end"],
    message: "end must be after start",
  })
  .refine((b) => Date.parse(b.end) - Date.parse(b.start) <= MAX_BLOCK_MS, {
    path: ["end"],
    message: "a block lasts at most 366 days",
  })
  .openapi("CalendarBlockInput");

export const BlockSchema = z
  .object({
    id: z.string(),
    repId: z.string(),
    start: z.string(),
    end: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi("CalendarBlock");
export type CalendarBlock = z.infer<typeof BlockSchema>;

export const BlocksQuery = z.object({
  repId: z.string().max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});

export const BlockListSchema = z.object({ blocks: z.array(BlockSchema) });

export const BlockIdParam = z.object({ id: z.string().max(100) });
