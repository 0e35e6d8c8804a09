import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { AppError } from "../errors";

/** One problem with a request, located by path (e.g. `["fields", "email"]`). */
export type FieldError = { path: (string | number)[]; code: string; message: string };

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * Turns every zod validation failure at the HTTP edge into the contract's 422 with all
 * problems listed, instead of the library's default 400 with its own shape.
 */
export const validationHook: Hook<unknown, any, any, unknown> = (result) => {
  if (!result.success) {
    const errors = issuesToFieldErrors(result.error.issues);
    throw new AppError(422, "validation_failed", "The request is invalid.", { errors });
  }
};
