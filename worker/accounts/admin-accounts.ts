import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { csvToInputs, MAX_IMPORT_ROWS } from "./parse-import";
import { normalizeCompanyName } from "../core/account-match/normalize";
import { countAccounts } from "./account-queries";
import { searchAccounts } from "./account-admin-queries";
import { editAccount, importAccounts } from "./account-edits";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  AccountInputSchema,
  AccountPatchSchema,
  AccountsPageSchema,
  AccountsQuery,
  AccountUpdatedSchema,
  DomainParam,
  ImportQuery,
  ImportResultSchema,
  AccountsImportJson,
} from "./contract";

const importRoute = createRoute({
  method: "post",
  path: "/accounts/import",
  summary: "Upsert accounts by domain, from JSON or CSV (domain,name,owner_rep_id,parent_domain)",
  description: `All or nothing by default: any invalid row fails the request with every row error listed. \`dryRun=true\` only validates; \`skipInvalid=true\` imports the valid rows and reports the rest. Rows upsert by domain, so chunks can be re-sent. At most ${MAX_IMPORT_ROWS} rows a request; split larger files.`,
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: ImportQuery,
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
      ImportResultSchema,
      "Imported (or, with dryRun, validated: { received, valid, invalid })",
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
  summary: "List accounts by domain, paginated; `q` finds domains or names starting with it",
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: AccountsQuery,
  },
  responses: {
    200: jsonResponse(AccountsPageSchema, "A page of accounts"),
    ...adminErrors,
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/accounts/{domain}",
  summary: "Edit an account: name, domain, owner rep, parent domain",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: DomainParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: AccountPatchSchema,
        },
      },
    },
  },
  responses: {
    200: jsonResponse(AccountUpdatedSchema, "The account as stored"),
    404: errorResponse("No such account"),
    409: errorResponse("Another account already has the new domain"),
    422: errorResponse("Invalid values, or an owner that is not a rep of the active config"),
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
    const parsed = AccountsImportJson.safeParse(body);
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
    const result = await importAccounts(
      database(c.env.DB),
      c.get("actor"),
      c.get("now"),
      inputs,
      c.req.valid("query"),
    );
    return c.json(result, 200);
  })
  .openapi(listRoute, async (c) => {
    const { limit, after, cursor, q } = c.req.valid("query");
    const db = database(c.env.DB);
    const search = q
      ? { domainPrefix: q.toLowerCase(), namePrefix: normalizeCompanyName(q) || undefined }
      : {};
    const [page, total] = await Promise.all([
      searchAccounts(db, { ...search, after: cursor ?? after, limit }),
      countAccounts(db),
    ]);
    const next = page.length === limit ? page[page.length - 1]!.domain : null;
    return c.json({ total, accounts: page, next, nextCursor: next }, 200);
  })
  .openapi(patchRoute, async (c) => {
    const { domain } = c.req.valid("param");
    const db = database(c.env.DB);
    const account = await editAccount(db, c.get("actor"), c.get("now"), domain, c.req.valid("json"));
    return c.json({ account }, 200);
  });

adminAccounts.openAPIRegistry.register("AccountInput", AccountInputSchema);
