import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requireRole } from "../auth/roles";
import { listIdentity, screenEventRows } from "../core/event-lists/rows";
import { loadActiveConfig } from "../config/store";
import { database, type Database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { sha256Hex } from "../security/tokens";
import {
  DryRunSchema,
  EventListCreateSchema,
  EventListDetailSchema,
  EventListParam,
  EventListsSchema,
  MAX_EVENT_LIST_BYTES,
  RunQuery,
  RunResultSchema,
  type EventListCreate,
} from "./contract";
import { dryRun } from "./dry-run";
import { getList, insertList, listLists, routedPerRep, rowsWith, type NewRow } from "./event-list-queries";
import { runBatch } from "./run";

const tooLarge = bodyLimit({
  maxSize: MAX_EVENT_LIST_BYTES,
  onError: () => {
    throw new AppError(
      413,
      "payload_too_large",
      `The list is over ${MAX_EVENT_LIST_BYTES / 1024 / 1024} MB; split the file.`,
    );
  },
});
const admin = { security: adminSecurity, middleware: [requireRole("admin")] };
const notFound = { 404: errorResponse("No such event list"), ...adminErrors };

const createListRoute = createRoute({
  method: "post",
  path: "/event-lists",
  summary: "Upload an event list (badge scans, webinar export): rows stored, bad rows refused with reasons",
  description:
    "Rows arrive already mapped to lead fields (email, first_name, last_name, name, company, title, phone, country, state, postal_code). Nothing is routed yet: dry-run, then run in batches.",
  ...admin,
  middleware: [requireRole("admin"), tooLarge],
  request: { body: { required: true, content: { "application/json": { schema: EventListCreateSchema } } } },
  responses: {
    201: jsonResponse(EventListDetailSchema, "Stored; `refused` lists the rows that will make no lead"),
    404: errorResponse("No config has been published yet"),
    413: errorResponse("The body is over the size limit"),
    422: errorResponse("Invalid body: no email column, an unknown rule set, repeated row numbers"),
    ...adminErrors,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/event-lists",
  summary: "Event lists, newest first, with counts per outcome (unfinished ones can be resumed)",
  ...admin,
  responses: { 200: jsonResponse(EventListsSchema, "Lists"), ...adminErrors },
});

const getRoute = createRoute({
  method: "get",
  path: "/event-lists/{id}",
  summary: "One event list: counts, refused rows with reasons, new leads per rep so far",
  ...admin,
  request: { params: EventListParam },
  responses: { 200: jsonResponse(EventListDetailSchema, "The list"), ...notFound },
});

const dryRunRoute = createRoute({
  method: "post",
  path: "/event-lists/{id}/dry-run",
  summary: "Where every pending row would route and what each rep would receive; writes nothing",
  ...admin,
  request: { params: EventListParam },
  responses: { 200: jsonResponse(DryRunSchema, "The forecast"), ...notFound },
});

const runRoute = createRoute({
  method: "post",
  path: "/event-lists/{id}/run",
  summary: "Route the next batch of pending rows (call until `counts.pending` is 0; safe to repeat)",
  ...admin,
  request: { params: EventListParam, query: RunQuery },
  responses: {
    200: jsonResponse(RunResultSchema, "The batch's rows processed, and the list after it"),
    ...notFound,
  },
});

function invalid(path: string, message: string): never {
  throw new AppError(422, "validation_failed", message, { errors: [{ path: [path], message }] });
}

async function activeConfig(db: Database) {
  const active = await loadActiveConfig(db);
  if (!active) throw new AppError(404, "no_active_config", "No config has been published yet.");
  return active;
}

async function storedList(db: Database, id: string) {
  const found = await getList(db, id);
  if (!found) throw new AppError(404, "not_found", "No such event list.");
  return found;
}

function checkBody(body: EventListCreate, ruleSetIds: string[]) {
  if (!ruleSetIds.includes(body.ruleSetId))
    invalid("ruleSetId", `"${body.ruleSetId}" is not a rule set of the active config.`);
  if (!body.rows.some((r) => "email" in r.fields))
    invalid("rows", "No column is mapped to email: every lead needs an email address.");
  if (new Set(body.rows.map((r) => r.row)).size !== body.rows.length) invalid("rows", "Row numbers repeat.");
}

async function detail(db: Database, id: string) {
  const { wire } = await storedList(db, id);
  const [refused, perRep] = await Promise.all([rowsWith(db, id, "refused"), routedPerRep(db, id)]);
  return { list: wire, refused: refused.map((r) => ({ row: r.row, reason: r.reason ?? "refused" })), perRep };
}

/** Event lists: upload (rows stored, bad ones refused), dry run, and routing in resumable batches. */
export const adminEventLists = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createListRoute, async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const now = c.get("now");
    const active = await activeConfig(db);
    checkBody(
      body,
      active.config.ruleSets.map((s) => s.id),
    );
    const { accepted, refused } = screenEventRows(body.rows);
    const rows: NewRow[] = [
      ...accepted.map((a) => ({
        row: a.row,
        email: a.email,
        fields: a.fields,
        outcome: "pending" as const,
        reason: null,
      })),
      ...refused.map((r) => ({
        row: r.row,
        email: null,
        fields: r.fields,
        outcome: "refused" as const,
        reason: r.reason,
      })),
    ];
    const id = crypto.randomUUID();
    await insertList(
      c.env.DB,
      {
        id,
        name: body.name,
        identityHash: await sha256Hex(listIdentity(body.name)),
        fileName: body.fileName ?? null,
        ruleSetId: body.ruleSetId,
        totalRows: body.rows.length,
        createdAt: now,
        updatedAt: now,
      },
      rows,
    );
    return c.json(await detail(db, id), 201);
  })
  .openapi(listRoute, async (c) => c.json({ lists: await listLists(database(c.env.DB), 50) }, 200))
  .openapi(getRoute, async (c) => c.json(await detail(database(c.env.DB), c.req.valid("param").id), 200))
  .openapi(dryRunRoute, async (c) => {
    const db = database(c.env.DB);
    const [active, { row }] = await Promise.all([activeConfig(db), storedList(db, c.req.valid("param").id)]);
    return c.json(await dryRun(c.env, db, active, row, c.get("now")), 200);
  })
  .openapi(runRoute, async (c) => {
    const db = database(c.env.DB);
    const id = c.req.valid("param").id;
    const [active, { row }] = await Promise.all([activeConfig(db), storedList(db, id)]);
    const now = c.get("now");
    const processed = await runBatch({
      env: c.env,
      db,
      active,
      list: row,
      limit: c.req.valid("query").limit,
      now,
      ctx: c.executionCtx,
    });
    return c.json({ processed, list: (await storedList(db, id)).wire }, 200);
  });
