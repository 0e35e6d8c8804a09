import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { listLeadsPage } from "./lead-admin-queries";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { LeadsPageSchema, LeadsQuery, type LeadSummary } from "./contract";
import { decodeCursor, encodeCursor, iso, leadName, parseJson, TimeKeyCursor } from "../http/paging";

const listRoute = createRoute({
  method: "get",
  path: "/leads",
  summary: "Leads, newest first, filtered and searchable, keyset-paged",
  description:
    "`q` matches email, name and company (case-insensitive, contains). A search examines at most 2,000 leads a page; `nextCursor` continues it.",
  security: adminSecurity,
  ...access("analyst"),
  request: {
    query: LeadsQuery,
  },
  responses: {
    200: jsonResponse(LeadsPageSchema, "A page of leads"),
    422: errorResponse("Invalid filter or cursor"),
    ...adminErrors,
  },
});

/** The searchable lead list of the dashboard. */
export const adminLeadsList = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  listRoute,
  async (c) => {
    const query = c.req.valid("query");
    const cursor = decodeCursor(query.cursor, TimeKeyCursor);
    const db = database(c.env.DB);
    const [page, active] = await Promise.all([
      listLeadsPage(c.env.DB, {
        ...query,
        cursor: cursor && { createdAt: cursor.t, id: cursor.id },
      }),
      loadActiveConfig(db),
    ]);
    const reps = new Map(active?.config.reps.map((r) => [r.id, r.name]));
    const leads = page.rows.map((row): LeadSummary => {
      const fields = (parseJson(row.fields) ?? {}) as Record<string, unknown>;
      return {
        id: row.id,
        createdAt: iso(row.createdAt)!,
        status: row.status,
        name: leadName(fields),
        email: row.email,
        company: typeof fields.company === "string" ? fields.company : null,
        formId: row.formId,
        teamId: row.teamId,
        repId: row.repId,
        repName: row.repId ? (reps.get(row.repId) ?? row.repId) : null,
        ruleId: row.ruleId,
      };
    });
    const nextCursor = page.next ? encodeCursor({ t: page.next.createdAt, id: page.next.id }) : null;
    return c.json({ leads, nextCursor }, 200);
  },
);
