import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The stable error codes of the public contract; clients switch on these, never on messages. */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "idempotency_key_reused"
  | "invalid_config"
  | "no_active_config"
  | "stale_config"
  | "rate_limited"
  | "slot_unavailable"
  | "calendar_unavailable"
  | "crm_unavailable"
  | "internal_error";

/**
 * An expected failure with a status and a stable code. Anything thrown that is not an
 * AppError is a bug: it is logged and answered with a generic 500.
 */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Extra response headers, e.g. `Retry-After` on 429 or `WWW-Authenticate` on 401. */
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    message: string,
    details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.headers = headers;
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The JSON error body of DESIGN.md: `{ error: { code, message, details? } }`. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown };
};

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
