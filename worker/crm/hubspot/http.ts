/**
 * Typed fetch against HubSpot: JSON in, zod-parsed JSON out, every failure a `CrmError`
 * (docs/integrations-hubspot.md, "How errors map").
 */
import type { z } from "zod";
import { z as zod } from "zod";
import { CrmError } from "../connector";

// HubSpot's error body; only what Baton reads.
const errorBody = zod.object({
  message: zod.string().optional(),
  category: zod.string().optional(),
  errorType: zod.string().optional(),
  policyName: zod.string().optional(),
  correlationId: zod.string().optional(),
  errors: zod
    .array(
      zod
        .object({
          context: zod
            .object({ requiredGranularScopes: zod.array(zod.string()).optional() })
            .loose()
            .optional(),
        })
        .loose(),
    )
    .optional(),
});

function retryAfter(headers: Headers): number | undefined {
  const v = headers.get("Retry-After");
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : undefined;
}

/** The app error for a non-2xx HubSpot answer. Never includes tokens or request bodies. */
export function classify(status: number, body: unknown, headers: Headers): CrmError {
  const e = errorBody.safeParse(body);
  const b = e.success ? e.data : {};
  const where = b.correlationId ? ` (correlationId ${b.correlationId})` : "";
  const msg = `HubSpot ${status}${b.category ? ` ${b.category}` : ""}: ${(b.message ?? "").slice(0, 200)}${where}`;
  if (status === 429)
    return new CrmError(
      `HubSpot rate limit (${b.policyName ?? "unknown policy"})${where}`,
      "rate_limited",
      true,
      status,
      retryAfter(headers),
    );
  if (status >= 500) return new CrmError(msg, "unavailable", true, status, retryAfter(headers));
  if (status === 401) return new CrmError(msg, "auth_expired", false, status);
  if (status === 403) {
    const scopes = (b.errors ?? []).flatMap((x) => x.context?.requiredGranularScopes ?? []);
    if (b.category === "MISSING_SCOPES" || scopes.length)
      return new CrmError(
        `HubSpot is missing scopes: ${scopes.join(", ") || "see HubSpot"}${where}`,
        "missing_scopes",
        false,
        status,
        undefined,
        scopes,
      );
    return new CrmError(msg, "invalid", false, status);
  }
  if (status === 404) return new CrmError(msg, "not_found", false, status);
  if (status === 409) return new CrmError(msg, "conflict", false, status);
  return new CrmError(msg, "invalid", false, status);
}

export type Call = {
  method: "GET" | "POST" | "PATCH" | "PUT";
  path: string;
  body?: unknown;
  signal?: AbortSignal;
};

/** One HubSpot call with `token`; parses the answer with `schema`. */
export async function hubspotFetch<S extends z.ZodType>(
  apiRoot: string,
  token: string,
  call: Call,
  schema: S,
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(`${apiRoot}${call.path}`, {
      method: call.method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: call.signal,
    });
  } catch (err) {
    if (call.signal?.aborted) throw new CrmError("HubSpot did not answer in time", "timeout", true);
    // Only our own words: a fetch error's text can carry the URL.
    throw new CrmError(
      `HubSpot unreachable (${err instanceof Error ? err.name : "error"})`,
      "unavailable",
      true,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw classify(res.status, body, res.headers);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new CrmError(
      `HubSpot answered an unexpected shape on ${call.method} ${call.path.split("?")[0]}`,
      "unavailable",
      true,
      res.status,
    );
  return parsed.data;
}
