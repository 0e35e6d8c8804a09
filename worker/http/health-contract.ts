/** The health check's answer, declared once (health.ts validates and documents with it). */
import { z } from "@hono/zod-openapi";
import { DatabaseStorageSchema } from "../capacity/contract";

export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  time: z.string(),
  database: z.enum(["ok", "error"]),
  activeConfigVersion: z.number().nullable(),
  lastCronAt: z.string().nullable(),
  /** The database's size and share of D1's limit; `warning` from 80% (docs/capacity.md). */
  storage: DatabaseStorageSchema.nullable(),
});
export type Health = z.infer<typeof HealthSchema>;
