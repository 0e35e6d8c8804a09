import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, errorBody, type ErrorCode } from "../errors";
import type { AppEnv } from "./hono-env";
import { MALFORMED_JSON_MESSAGE } from "./openapi-statuses";

const httpCodes: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/**
 * The single place where failures become responses. Known errors keep their code; anything
 * else is a bug, logged with the request id (no body, no headers: they may carry PII or
 * tokens) and answered with a generic 500. Stack traces never reach the client.
 */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = httpCodes[status] ?? (status >= 500 ? "internal_error" : "bad_request");
    // Hono's body parser says "Malformed JSON in request body"; our own parsers say the
    // documented message. One error, one message.
    const message = err.message === "Malformed JSON in request body" ? MALFORMED_JSON_MESSAGE : err.message;
    return c.json(errorBody(code, message || "Request failed"), status);
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err.name,
      detail: err.message,
    }),
  );
  return c.json(errorBody("internal_error", "Something went wrong on our side."), 500);
}

export function notFound(c: Context<AppEnv>) {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
