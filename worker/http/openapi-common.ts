import { z } from "@hono/zod-openapi";

/** The contract's error body, shared by every route's documented error responses. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorResponseSchema } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const adminSecurity = [{ bearerAuth: [] }];

/** Errors every admin route can answer, besides its own. */
export const adminErrors = {
  401: errorResponse("Missing or wrong admin token"),
};
