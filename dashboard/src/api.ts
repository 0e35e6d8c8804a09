/** The admin endpoints the dashboard uses, same-origin, with the bearer token. */

export type { VersionSummary } from "../../worker/config/contract";

/** A failed admin call; `status` 0 means the Worker could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`, e.g. validation problems by path. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One admin call. A plain object or array body is sent as JSON; a string is sent as is with
 * `contentType` (CSV imports). Every screen's API module is built on this.
 */
export async function call<T>(
  token: string,
  method: Method,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<T> {
  let res: Response;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  let payload: string | undefined;
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, "unreachable", "Baton could not be reached. Is the Worker running?");
  }
  const answer = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  if (!res.ok) {
    const code = answer?.error?.code ?? "http_error";
    const message = answer?.error?.message ?? `Request failed with status ${res.status}.`;
    throw new ApiError(res.status, code, message, answer?.error?.details);
  }
  return answer as T;
}

/** What the visitor should read for a failure; a 401 gets its own, actionable wording. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) {
    return "That token was not accepted (401). Use the ADMIN_TOKEN secret or an API token issued by the admin API.";
  }
  return err instanceof Error ? err.message : "Something went wrong.";
}
