/** The health check's answer, declared once (health.ts validates and documents with it). */
import { z } from "@hono/zod-openapi";

export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  time: z.string(),
  database: z.enum(["ok", "error"]),
  activeConfigVersion: z.number().nullable(),
  lastCronAt: z.string().nullable(),
});
export type Health = z.infer<typeof HealthSchema>;
