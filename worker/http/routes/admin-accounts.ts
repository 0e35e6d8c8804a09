import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { AccountInputSchema, csvToInputs, MAX_IMPORT_ROWS, parseAccounts } from "../../accounts/parse-import";
import { countAccounts, existingDomains, listAccounts, upsertAccountStatements } from "../../db/accounts";
import { auditInsert } from "../../db/audit";
import { database } from "../../db/client";
import { AppError } from "../../errors";
import type { AppEnv } from "../hono-env";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../openapi-common";
import { validationHook } from "../validation";

const importRoute = createRoute({
  method: "post",
  path: "/accounts/import",
  summary: "Upsert accounts by domain, from JSON or CSV (domain,name,owner_rep_id,parent_domain)",
  description: `All or nothing: any invalid row fails the request with every row error listed. At most ${MAX_IMPORT_ROWS} rows a request; split larger files.`,
  security: adminSecurity,
  request: {
    body: {
      required: true,
      content: {
        // Declared as non-zod schemas so the handler, not the validator, reads both types.
        "application/json": {
          schema: {
            type: "object",
            properties: { accounts: { type: "array", items: { $ref: "#/components/schemas/AccountInput" } } },
          },
        },
        "text/csv": { schema: { type: "string" } },
      },
    },
  },
  responses: {
    200: jsonResponse(
      z.object({ received: z.number(), created: z.number(), updated: z.number() }),
      "Imported",
    ),
    413: errorResponse("More rows than one request may carry"),
    415: errorResponse("Neither JSON nor CSV"),
    422: errorResponse("Invalid rows; details.errors lists them by row and path"),
    ...adminErrors,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/accounts",
  summary: "List accounts by domain, paginated",
  security: adminSecurity,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      after: z.string().max(300).optional().openapi({ description: "The last domain of the previous page" }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ total: z.number(), accounts: z.array(z.any()), next: z.string().nullable() }),
      "A page of accounts",
    ),
    ...adminErrors,
  },
});

async function readInputs(req: Request): Promise<unknown[]> {
  const type = (req.headers.get("Content-Type") ?? "").toLowerCase();
  if (type.startsWith("text/csv")) {
    const { rows, errors } = csvToInputs(await req.text());
    if (errors.length > 0) throw new AppError(422, "validation_failed", "The CSV is invalid.", { errors });
    return rows;
  }
  if (type.startsWith("application/json")) {
    const body = await req.json().catch(() => {
      throw new AppError(400, "bad_request", "The body is not valid JSON.");
    });
    const parsed = z.object({ accounts: z.array(z.unknown()) }).safeParse(body);
    if (!parsed.success) throw new AppError(422, "validation_failed", "Expected { accounts: [...] }.");
    return parsed.data.accounts;
  }
  throw new AppError(415, "unsupported_media_type", "Send application/json or text/csv.");
}

/** Accounts are data, not config: imported in bulk, matched against leads by domain. */
export const adminAccounts = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(importRoute, async (c) => {
    const inputs = await readInputs(c.req.raw);
    if (inputs.length > MAX_IMPORT_ROWS) {
      throw new AppError(
        413,
        "payload_too_large",
        `At most ${MAX_IMPORT_ROWS} rows a request; got ${inputs.length}.`,
      );
    }
    const { accounts, errors } = parseAccounts(inputs);
    if (errors.length > 0)
      throw new AppError(422, "validation_failed", "Some rows are invalid; nothing was imported.", {
        errors,
      });

    const db = database(c.env.DB);
    const now = c.get("now");
    const existing = await existingDomains(
      db,
      accounts.map((a) => a.domain),
    );
    const created = accounts.filter((a) => !existing.has(a.domain)).length;
    const rows = accounts.map((a) => ({ ...a, createdAt: now, updatedAt: now }));
    const audit = auditInsert(db, c.get("actor"), now, {
      action: "accounts.imported",
      details: { received: accounts.length, created, updated: accounts.length - created },
    });
    await db.batch([audit, ...upsertAccountStatements(db, rows)]);
    return c.json({ received: accounts.length, created, updated: accounts.length - created }, 200);
  })
  .openapi(listRoute, async (c) => {
    const { limit, after } = c.req.valid("query");
    const db = database(c.env.DB);
    const [page, total] = await Promise.all([listAccounts(db, limit, after), countAccounts(db)]);
    const next = page.length === limit ? page[page.length - 1]!.domain : null;
    return c.json({ total, accounts: page, next }, 200);
  });

adminAccounts.openAPIRegistry.register("AccountInput", AccountInputSchema);
