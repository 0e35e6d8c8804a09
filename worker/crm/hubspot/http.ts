/**
 * Typed fetch against HubSpot (the shared ../crm-fetch.ts) with HubSpot's error body mapped
 * to a `CrmError` (docs/integrations-hubspot.md, "How errors map").
 */
import type { z } from "zod";
import { z as zod } from "zod";
import { CrmError } from "../connector";
import { crmFetch, type CrmVendor } from "../crm-fetch";

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

const hubspot: CrmVendor = {
  name: "HubSpot",
  classify: (res, body) => classify(res.status, body, res.headers),
};

/** One HubSpot call with `token`; parses the answer with `schema`. */
export function hubspotFetch<S extends z.ZodType>(
  apiRoot: string,
  token: string,
  call: Call,
  schema: S,
): Promise<z.output<S>> {
  return crmFetch(hubspot, `${apiRoot}${call.path}`, token, call, schema);
}
