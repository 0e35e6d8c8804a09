/**
 * The event-list API's wire shapes (POST/GET /v1/admin/event-lists…), declared once: the
 * routes validate and document with them, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";
import { ID_PATTERN } from "../core/config-doc/patterns";
import { MAX_EVENT_ROWS } from "../core/event-lists/rows";

/** The largest upload body: 5,000 rows of mapped badge-scan cells fit well inside it. */
export const MAX_EVENT_LIST_BYTES = 4 * 1024 * 1024;

export const EventListCreateSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe("The event; uploading under the same name again routes nobody twice"),
    fileName: z.string().max(300).optional(),
    ruleSetId: z.string().regex(ID_PATTERN).describe("The rule set that routes the list's leads"),
    rows: z
      .array(
        z.object({
          row: z.int().min(2).max(10_000_000).describe("Spreadsheet row (the header is row 1)"),
          // Any key: the server refuses unknown fields per row, with the row number, rather than the whole list.
          fields: z.record(z.string(), z.string()),
        }),
      )
      .min(1)
      .max(MAX_EVENT_ROWS),
  })
  .openapi("EventListCreate");
export type EventListCreate = z.input<typeof EventListCreateSchema>;

const Counts = z.object({
  pending: z.number(),
  routed: z.number(),
  merged: z.number(),
  duplicate: z.number(),
  unrouted: z.number(),
  refused: z.number(),
});
export type EventListCounts = z.infer<typeof Counts>;

export const EventListSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fileName: z.string().nullable(),
    ruleSetId: z.string(),
    totalRows: z.number(),
    createdAt: z.number(),
    finishedAt: z.number().nullable(),
    counts: Counts,
  })
  .openapi("EventList");
export type EventList = z.infer<typeof EventListSchema>;

const RefusedRow = z.object({ row: z.number(), reason: z.string() });

export const EventListDetailSchema = z
  .object({
    list: EventListSchema,
    refused: z.array(RefusedRow).describe("Rows that made no lead, with the reason, in file order"),
    perRep: z
      .array(z.object({ repId: z.string(), count: z.number() }))
      .describe("New leads routed to each rep so far"),
  })
  .openapi("EventListDetail");
export type EventListDetail = z.infer<typeof EventListDetailSchema>;

export const EventListsSchema = z.object({ lists: z.array(EventListSchema) }).openapi("EventLists");
export type EventLists = z.infer<typeof EventListsSchema>;

export const EventListParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const DryRunRowSchema = z.object({
  row: z.number(),
  email: z.string().nullable(),
  outcome: z.enum(["route", "merged", "duplicate", "unroutable"]),
  repId: z.string().nullable(),
  teamId: z.string().nullable(),
  ruleId: z.string().nullable(),
  leadId: z.string().optional(),
  reason: z.string().optional(),
});
export type DryRunRow = z.infer<typeof DryRunRowSchema>;

export const DryRunSchema = z
  .object({
    rows: z.array(DryRunRowSchema).describe("Every pending row, in file order"),
    perRep: z
      .array(z.object({ repId: z.string(), count: z.number() }))
      .describe("New leads each rep would receive"),
    refused: z.array(RefusedRow),
    counts: z.object({
      route: z.number(),
      merged: z.number(),
      duplicate: z.number(),
      unroutable: z.number(),
      refused: z.number(),
    }),
  })
  .openapi("EventListDryRun");
export type DryRun = z.infer<typeof DryRunSchema>;

/** Rows per run request: each new lead is a routing decision and a team-object call, so a batch stays short. */
export const MAX_RUN_BATCH = 50;

export const RunQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_RUN_BATCH).default(25),
});

export const RunResultSchema = z
  .object({
    processed: z.number().describe("Rows this request took out of pending"),
    list: EventListSchema,
  })
  .openapi("EventListRun");
export type RunResult = z.infer<typeof RunResultSchema>;
