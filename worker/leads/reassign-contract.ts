import { z } from "@hono/zod-openapi";

/** The reassignment wire shapes, declared once; the dashboard imports the types. */
export const ReassignBody = z
  .strictObject({
    toRepId: z.string().min(1).max(100).optional().openapi({ description: "A named rep" }),
    teamId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Back through this team's distribution (the current rep excluded)" }),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.toRepId === undefined) !== (b.teamId === undefined), {
    path: ["toRepId"],
    message: "Give exactly one of toRepId and teamId",
  });

export const ReassignedSchema = z.object({
  leadId: z.string(),
  assignmentId: z.string(),
  fromRepId: z.string(),
  toRepId: z.string(),
  teamId: z.string().nullable(),
  reason: z.string(),
  by: z.string().nullable(),
  acceptDeadline: z.number().nullable(),
  credited: z.boolean(),
});

/** The answer to a reassignment; the dashboard imports it as a type. */
export type Reassigned = z.infer<typeof ReassignedSchema>;

/** What the dashboard sends: a named rep or a team, and why. */
export type ReassignRequest = z.input<typeof ReassignBody>;
