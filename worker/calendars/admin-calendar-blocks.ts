/**
 * Manual blocks on the builtin calendar: time a rep is away that Baton did not book
 * (holidays, offsites). Slots and bookings treat a block as busy time.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import { actorLabel, auditInsert } from "../audit/audit-queries";
import { deleteBlock, getBlock, insertBlock, listBlocks, type CalendarBlockRow } from "./block-queries";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  BlockIdParam,
  BlockInputSchema,
  BlockListSchema,
  BlockSchema,
  BlocksQuery,
  type CalendarBlock,
} from "./contract";

function toJson(row: CalendarBlockRow): CalendarBlock {
  return {
    id: row.id,
    repId: row.repId,
    start: new Date(row.startAt).toISOString(),
    end: new Date(row.endAt).toISOString(),
    reason: row.reason,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
  };
}

const createBlockRoute = createRoute({
  method: "post",
  path: "/calendar/blocks",
  summary: "Block a rep's time: no slots are offered and nothing can be booked inside it",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { required: true, content: { "application/json": { schema: BlockInputSchema } } } },
  responses: {
    201: jsonResponse(BlockSchema, "Created"),
    404: errorResponse("No such rep in the active config"),
    422: errorResponse("Invalid block (end not after start, longer than 366 days, …)"),
    ...adminErrors,
  },
});

const listBlocksRoute = createRoute({
  method: "get",
  path: "/calendar/blocks",
  summary: "List blocks, optionally of one rep and overlapping [from, to)",
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: BlocksQuery,
  },
  responses: {
    200: jsonResponse(BlockListSchema, "Blocks, oldest first"),
    ...adminErrors,
  },
});

const deleteBlockRoute = createRoute({
  method: "delete",
  path: "/calendar/blocks/{id}",
  summary: "Remove a block; its time becomes bookable again",
  security: adminSecurity,
  ...access("admin"),
  request: { params: BlockIdParam },
  responses: {
    204: { description: "Deleted" },
    404: errorResponse("No such block"),
    ...adminErrors,
  },
});

export const adminCalendarBlocks = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createBlockRoute, async (c) => {
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    const active = await loadActiveConfig(db);
    if (!active?.config.reps.some((r) => r.id === input.repId))
      throw new AppError(404, "not_found", "No such rep in the active config.");
    const now = c.get("now");
    const row: CalendarBlockRow = {
      id: crypto.randomUUID(),
      repId: input.repId,
      startAt: Date.parse(input.start),
      endAt: Date.parse(input.end),
      reason: input.reason ?? null,
      createdAt: now,
      createdBy: actorLabel(c.get("actor")),
    };
    // The reason may name a person's leave; the audit keeps only when and whose.
    const audit = auditInsert(db, c.get("actor"), now, {
      action: "calendar_block.created",
      target: `calendar_block:${row.id}`,
      details: { repId: row.repId, start: input.start, end: input.end },
    });
    await db.batch([insertBlock(db, row), audit]);
    return c.json(toJson(row), 201);
  })
  .openapi(listBlocksRoute, async (c) => {
    const { repId, from, to, limit } = c.req.valid("query");
    const rows = await listBlocks(
      database(c.env.DB),
      {
        repId,
        from: from === undefined ? undefined : Date.parse(from),
        to: to === undefined ? undefined : Date.parse(to),
      },
      limit,
    );
    return c.json({ blocks: rows.map(toJson) }, 200);
  })
  .openapi(deleteBlockRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = database(c.env.DB);
    const block = await getBlock(db, id);
    if (!block) throw new AppError(404, "not_found", "No such block.");
    const audit = auditInsert(db, c.get("actor"), c.get("now"), {
      action: "calendar_block.deleted",
      target: `calendar_block:${id}`,
      details: {
        repId: block.repId,
        start: new Date(block.startAt).toISOString(),
        end: new Date(block.endAt).toISOString(),
      },
    });
    await db.batch([deleteBlock(db, id), audit]);
    return c.body(null, 204);
  });
