/**
 * Wire shapes of the database's capacity, as `/health` reports it and the dashboard shows it.
 */
import { z } from "@hono/zod-openapi";

export const DatabaseStorageSchema = z
  .object({
    /** The D1 database file's size, from `meta.size_after` of a query (D1's documented figure). */
    bytes: z.number().int().nonnegative(),
    /** D1's per-database limit: 10 GB on Workers Paid, or `DATABASE_LIMIT_BYTES`. */
    limitBytes: z.number().int().positive(),
    /** bytes / limitBytes, 0 to 1 (rounded to 4 places). */
    share: z.number().nonnegative(),
    /** True at or above `WARN_SHARE` of the limit: time to archive or move on (docs/capacity.md). */
    warning: z.boolean(),
  })
  .openapi("DatabaseStorage");
export type DatabaseStorage = z.infer<typeof DatabaseStorageSchema>;
