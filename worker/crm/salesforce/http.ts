/**
 * Typed fetch against Salesforce's REST API (the shared ../crm-fetch.ts), every failure a
 * `CrmError` carrying Salesforce's own `errorCode` and message, so the admin reads what
 * Salesforce said (docs/integrations-salesforce.md, "How errors map").
 */
import { z } from "zod";
import { CrmError } from "../connector";
import { crmFetch, type CrmVendor } from "../crm-fetch";
import { SALESFORCE_API_VERSION } from "./config";

// Salesforce's error body: an array of { message, errorCode, fields? } (REST API guide,
// "Status Codes and Error Responses"); DUPLICATES_DETECTED adds duplicateResult.
const errorArray = z.array(
  z
    .object({
      message: z.string().optional(),
      errorCode: z.string().optional(),
      fields: z.array(z.string()).optional(),
    })
    .loose(),
);

/** Codes that say "later" rather than "never". */
const RETRYABLE = new Set(["REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW"]);

/** The first error's code and text, e.g. "FIELD_CUSTOM_VALIDATION_EXCEPTION: Company is required". */
export function salesforceMessage(body: unknown): { code: string | null; text: string } {
  const parsed = errorArray.safeParse(body);
  const first = parsed.success ? parsed.data[0] : undefined;
  if (!first) return { code: null, text: "" };
  const fields = first.fields?.length ? ` (fields: ${first.fields.join(", ")})` : "";
  return { code: first.errorCode ?? null, text: `${(first.message ?? "").slice(0, 300)}${fields}` };
}

/** The app error for a non-2xx Salesforce answer. Never includes tokens or request bodies. */
export function classify(status: number, body: unknown): CrmError {
  const { code, text } = salesforceMessage(body);
  const msg = `Salesforce ${status}${code ? ` ${code}` : ""}: ${text}`.trim();
  if (status === 401) return new CrmError(msg, "auth_expired", false, status);
  if (status === 429 || code === "REQUEST_LIMIT_EXCEEDED")
    // The org's 24-hour API allowance: nothing helps for a while, so wait at least a minute.
    return new CrmError(msg, "rate_limited", true, status, 60);
  if (status >= 500 || (code && RETRYABLE.has(code))) return new CrmError(msg, "unavailable", true, status);
  if (status === 404) return new CrmError(msg, "not_found", false, status);
  if (status === 300 || code === "DUPLICATE_VALUE") return new CrmError(msg, "conflict", false, status);
  return new CrmError(msg, "invalid", false, status);
}

export type Call = {
  method: "GET" | "POST" | "PATCH";
  /** Below /services/data/vXX.X, e.g. "/query?q=…"; or a `nextRecordsUrl` as given. */
  path: string;
  body?: unknown;
  signal?: AbortSignal;
};

export const dataPath = (path: string) =>
  path.startsWith("/services/data/") ? path : `/services/data/${SALESFORCE_API_VERSION}${path}`;

const salesforce: CrmVendor = { name: "Salesforce", classify: (res, body) => classify(res.status, body) };

/** One call with `token` against `instanceUrl`; parses a 2xx answer with `schema` (204 → null). */
export function salesforceFetch<S extends z.ZodType>(
  instanceUrl: string,
  token: string,
  call: Call,
  schema: S,
): Promise<z.output<S>> {
  return crmFetch(salesforce, `${instanceUrl}${dataPath(call.path)}`, token, call, schema);
}
