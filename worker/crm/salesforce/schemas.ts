/** Salesforce response shapes: only the fields Baton reads (sources in docs/integrations-salesforce.md). */
import { z } from "zod";

/** A record from a query: `attributes`, then the selected fields (relationship paths nested). */
export const recordSchema = z.object({ Id: z.string() }).catchall(z.unknown());
export type SfRow = z.output<typeof recordSchema>;

/** Query / Query More Results: `done` false means `nextRecordsUrl` names the next batch. */
export const querySchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(recordSchema),
});

/** sObject create (201) and upsert by external id (200/201). */
export const saveSchema = z.object({
  id: z.string(),
  success: z.boolean(),
  errors: z.array(z.unknown()),
  created: z.boolean().optional(),
});

/** Composite: one result per subrequest, in order, each with its own status and body. */
export const compositeSchema = z.object({
  compositeResponse: z.array(
    z.object({ body: z.unknown(), httpStatusCode: z.number(), referenceId: z.string() }),
  ),
});

/** The token endpoint (web server, refresh and JWT bearer flows). No expires_in: sessions end when the org says. */
export const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  /** Identity URL …/id/<orgId>/<userId>. */
  id: z.string(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

export const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export const anySchema = z.unknown();
