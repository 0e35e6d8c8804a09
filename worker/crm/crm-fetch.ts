/**
 * The typed fetch both CRM clients share: one call, JSON in, zod-parsed JSON out, every
 * failure a `CrmError` in Baton's own words. What differs per vendor is its name in those
 * words and how a non-2xx answer maps to an error (hubspot/http.ts, salesforce/http.ts).
 */
import type { z } from "zod";
import { bearerJsonInit } from "../http/bearer-json";
import { CrmError } from "./connector";

export type CrmVendor = {
  name: string;
  /** The app error for a non-2xx answer; never includes tokens or request bodies. */
  classify(res: Response, body: unknown): CrmError;
};

export type CrmCall = { method: string; path: string; body?: unknown; signal?: AbortSignal };

/** One call to `url` with `token`; parses a 2xx answer with `schema` (a 204 reads as null). */
export async function crmFetch<S extends z.ZodType>(
  vendor: CrmVendor,
  url: string,
  token: string,
  call: CrmCall,
  schema: S,
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(url, bearerJsonInit(call.method, token, call.body, call.signal));
  } catch (err) {
    if (call.signal?.aborted) throw new CrmError(`${vendor.name} did not answer in time`, "timeout", true);
    // Only our own words: a fetch error's text can carry the URL.
    throw new CrmError(
      `${vendor.name} unreachable (${err instanceof Error ? err.name : "error"})`,
      "unavailable",
      true,
    );
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw vendor.classify(res, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new CrmError(
      `${vendor.name} answered an unexpected shape on ${call.method} ${call.path.split("?")[0]}`,
      "unavailable",
      true,
      res.status,
    );
  return parsed.data;
}
