import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  AccountInputSchema,
  csvToInputs,
  MAX_IMPORT_ROWS,
  parseAccounts,
  type RowError,
} from "./parse-import";
import { normalizeCompanyName, normalizeDomain } from "../core/account-match/normalize";
import { countAccounts, existingDomains, upsertAccountStatements } from "./account-queries";
import { getAccount, searchAccounts, updateAccountStatements } from "./account-admin-queries";
import { loadActiveConfig } from "../config/store";
import { auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";

const BoolQuery = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

const InvalidRow = z.object({
  row: z.number(),
  errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
});

const importRoute = createRoute({
  method: "post",
  path: "/accounts/import",
  summary: "Upsert accounts by domain, from JSON or CSV (domain,name,owner_rep_id,parent_domain)",
  description: `All or nothing by default: any invalid row fails the request with every row error listed. \`dryRun=true\` only validates; \`skipInvalid=true\` imports the valid rows and reports the rest. Rows upsert by domain, so chunks can be re-sent. At most ${MAX_IMPORT_ROWS} rows a request; split larger files.`,
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: z.object({
      dryRun: BoolQuery,
      skipInvalid: BoolQuery,
      rowOffset: z.coerce
        .number()
        .int()
        .min(0)
        .max(10_000_000)
        .default(0)
        .openapi({ description: "Added to row numbers, so a chunked upload reports file rows" }),
    }),
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
      z.object({
        received: z.number(),
        created: z.number().optional(),
        updated: z.number().optional(),
        valid: z.number().optional(),
        invalid: z.array(InvalidRow).optional(),
      }),
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
    query: z.object({
      q: z.string().trim().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      after: z.string().max(300).optional().openapi({ description: "The last domain of the previous page" }),
      cursor: z.string().max(300).optional().openapi({ description: "`nextCursor` of the previous page" }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        total: z.number(),
        accounts: z.array(z.any()),
        next: z.string().nullable(),
        nextCursor: z.string().nullable(),
      }),
      "A page of accounts",
    ),
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
    params: z.object({
      domain: z
        .string()
        .min(1)
        .max(300)
        .openapi({ param: { name: "domain", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .strictObject({
              domain: z.string().min(1).max(300).optional(),
              name: z.string().trim().min(1).max(200).optional(),
              ownerRepId: z.string().max(64).nullable().optional(),
              parentDomain: z.string().max(300).nullable().optional(),
            })
            .refine((b) => Object.keys(b).length > 0, "Nothing to change"),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(z.object({ account: z.any() }), "The account as stored"),
    404: errorResponse("No such account"),
    409: errorResponse("Another account already has the new domain"),
    422: errorResponse("Invalid values, or an owner that is not a rep of the active config"),
    ...adminErrors,
  },
});

/** Row errors grouped per row, numbered as the whole file when the client sends `rowOffset`. */
function invalidRows(errors: RowError[], offset: number) {
  const byRow = new Map<number, { path: (string | number)[]; message: string }[]>();
  for (const e of errors)
    byRow.set(e.row, [...(byRow.get(e.row) ?? []), { path: e.path, message: e.message }]);
  return [...byRow].map(([row, errs]) => ({ row: row + offset, errors: errs }));
}

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
    const { dryRun, skipInvalid, rowOffset } = c.req.valid("query");
    const { accounts, errors } = parseAccounts(inputs);
    const invalid = invalidRows(errors, rowOffset);
    if (dryRun) return c.json({ received: inputs.length, valid: accounts.length, invalid }, 200);
    if (errors.length > 0 && !skipInvalid)
      throw new AppError(422, "validation_failed", "Some rows are invalid; nothing was imported.", {
        errors: errors.map((e) => ({ ...e, row: e.row + rowOffset })),
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
      details: {
        received: inputs.length,
        created,
        updated: accounts.length - created,
        invalid: invalid.length,
      },
    });
    await db.batch([audit, ...upsertAccountStatements(db, rows)]);
    const counts = { received: inputs.length, created, updated: accounts.length - created };
    return c.json(skipInvalid ? { ...counts, valid: accounts.length, invalid } : counts, 200);
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
    const db = database(c.env.DB);
    const now = c.get("now");
    const current = await getAccount(db, normalizeDomain(c.req.valid("param").domain) ?? "");
    if (!current) throw new AppError(404, "not_found", "No such account.");
    const patch = c.req.valid("json");
    const merged = {
      domain: patch.domain ?? current.domain,
      name: patch.name ?? current.name,
      ownerRepId: patch.ownerRepId === undefined ? current.ownerRepId : patch.ownerRepId,
      parentDomain: patch.parentDomain === undefined ? current.parentDomain : patch.parentDomain,
    };
    const { accounts, errors } = parseAccounts([merged]);
    if (errors.length > 0 || !accounts[0])
      throw new AppError(422, "validation_failed", "The account is invalid.", { errors });
    const next = accounts[0];
    if (next.ownerRepId) {
      const active = await loadActiveConfig(db);
      if (active && !active.config.reps.some((r) => r.id === next.ownerRepId))
        throw new AppError(422, "validation_failed", "The owner is not a rep of the active config.", {
          errors: [{ path: ["ownerRepId"], code: "unknown_rep", message: `No rep "${next.ownerRepId}"` }],
        });
    }
    if (next.domain !== current.domain && (await getAccount(db, next.domain)))
      throw new AppError(409, "conflict", `An account for ${next.domain} already exists.`);
    const changed = Object.keys(patch).filter((k) => k in merged);
    await db.batch([
      updateAccountStatements(db, current, next, now)[0]!,
      ...updateAccountStatements(db, current, next, now).slice(1),
      auditInsert(db, c.get("actor"), now, {
        action: "account.updated",
        target: `account:${next.domain}`,
        details: { previousDomain: current.domain, changed },
      }),
    ]);
    return c.json({ account: await getAccount(db, next.domain) }, 200);
  });

adminAccounts.openAPIRegistry.register("AccountInput", AccountInputSchema);
