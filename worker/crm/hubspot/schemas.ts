/** HubSpot response shapes: only the fields Baton reads (sources in docs/integrations-hubspot.md). */
import { z } from "zod";

const props = z.record(z.string(), z.string().nullable().optional());

export const objectSchema = z.object({ id: z.string(), properties: props, updatedAt: z.string().optional() });

export const searchSchema = z.object({
  total: z.number().optional(),
  results: z.array(objectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

export const upsertSchema = z.object({
  results: z.array(objectSchema.extend({ new: z.boolean().optional() })),
});

export const ownersSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      email: z.string().nullable().optional(),
      firstName: z.string().nullable().optional(),
      lastName: z.string().nullable().optional(),
      archived: z.boolean().optional(),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

export const anySchema = z.unknown();

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive(),
});
