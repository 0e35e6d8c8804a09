/** The operator's cron endpoint's answer, declared once (admin-cron.ts validates and documents with it). */
import { z } from "@hono/zod-openapi";

export const CronRunSchema = z.object({
  results: z.array(z.object({ job: z.string(), status: z.enum(["ok", "failed"]), detail: z.unknown() })),
});
export type CronRun = z.infer<typeof CronRunSchema>;
