/**
 * The accounts API's wire shapes, declared once: the routes validate and document with them,
 * the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";
import { ID_PATTERN } from "../core/config-doc/patterns";

/** One account as an import row or CSV line carries it; null clears an optional field. */
export const AccountInputSchema = z.strictObject({
  domain: z.string().min(1).max(300),
  name: z.string().trim().min(1).max(200),
  ownerRepId: z.string().regex(ID_PATTERN, "must be a rep id").nullish(),
  parentDomain: z.string().max(300).nullish(),
});
export type AccountInput = z.input<typeof AccountInputSchema>;

export const AccountSchema = z
  .object({
    domain: z.string(),
    name: z.string(),
    normalizedName: z.string(),
    ownerRepId: z.string().nullable(),
    parentDomain: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Account");
/** An account as stored. */
export type Account = z.infer<typeof AccountSchema>;

const BoolQuery = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const ImportQuery = z.object({
  dryRun: BoolQuery,
  skipInvalid: BoolQuery,
  rowOffset: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .openapi({ description: "Added to row numbers, so a chunked upload reports file rows" }),
});

/** A row the server refused; `row` is 1-based within the file when `rowOffset` is sent. */
export const InvalidRowSchema = z.object({
  row: z.number(),
  errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
});
export type InvalidRow = z.infer<typeof InvalidRowSchema>;

export const ImportResultSchema = z.object({
  received: z.number(),
  created: z.number().optional(),
  updated: z.number().optional(),
  valid: z.number().optional(),
  invalid: z.array(InvalidRowSchema).optional(),
});
/** Imported counts or, with dryRun, `{ received, valid, invalid }`. */
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const AccountsQuery = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(300).optional().openapi({ description: "The last domain of the previous page" }),
  cursor: z.string().max(300).optional().openapi({ description: "`nextCursor` of the previous page" }),
});

export const AccountsPageSchema = z.object({
  total: z.number(),
  accounts: z.array(AccountSchema),
  next: z.string().nullable(),
  nextCursor: z.string().nullable(),
});
export type AccountsPage = z.infer<typeof AccountsPageSchema>;

export const DomainParam = z.object({
  domain: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: "domain", in: "path" } }),
});

export const AccountPatchSchema = z
  .strictObject({
    domain: z.string().min(1).max(300).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    ownerRepId: z.string().max(64).nullable().optional(),
    parentDomain: z.string().max(300).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type AccountPatch = z.input<typeof AccountPatchSchema>;

export const AccountUpdatedSchema = z.object({ account: AccountSchema });
export type AccountUpdated = z.infer<typeof AccountUpdatedSchema>;

/** A JSON import body; each row is checked on its own, so one bad row does not sink the rest. */
export const AccountsImportJson = z.object({ accounts: z.array(z.unknown()) });
