/**
 * The CRM clients' typed fetch at its edges, which the fake-server tests do not reach: what
 * is sent, a 204, a network failure, an abort and an answer of the wrong shape, for both
 * vendors, so that the two clients keep failing in the same words.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { CrmError } from "../../worker/crm/connector";
import { hubspotFetch } from "../../worker/crm/hubspot/http";
import { SALESFORCE_API_VERSION } from "../../worker/crm/salesforce/config";
import { salesforceFetch } from "../../worker/crm/salesforce/http";

const clients = [
  {
    vendor: "HubSpot",
    call: (path: string, schema: z.ZodType, init: { body?: unknown; signal?: AbortSignal } = {}) =>
      hubspotFetch("https://api.hubapi.test", "tok", { method: "POST", path, ...init }, schema),
    url: "https://api.hubapi.test/crm/v3/objects/contacts?limit=1",
  },
  {
    vendor: "Salesforce",
    call: (path: string, schema: z.ZodType, init: { body?: unknown; signal?: AbortSignal } = {}) =>
      salesforceFetch("https://org.my.salesforce.test", "tok", { method: "POST", path, ...init }, schema),
    url: `https://org.my.salesforce.test/services/data/${SALESFORCE_API_VERSION}/crm/v3/objects/contacts?limit=1`,
  },
];
const PATH = "/crm/v3/objects/contacts?limit=1";

/** Stubs fetch to answer every call with a fresh `make()`, or to throw what it returns. */
function answer(make: () => Response | Error) {
  const fake = vi.fn(async (_url: string, _init?: RequestInit) => {
    const response = make();
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", fake);
  return fake;
}

async function failure(promise: Promise<unknown>): Promise<CrmError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CrmError);
  return err as CrmError;
}

afterEach(() => vi.unstubAllGlobals());

describe.each(clients)("the $vendor client", ({ vendor, call, url }) => {
  it("sends the bearer token and a JSON body, with Content-Type only when there is a body", async () => {
    const fake = answer(() => Response.json({ id: "1" }));
    expect(await call(PATH, z.object({ id: z.string() }), { body: { a: 1 } })).toEqual({ id: "1" });
    expect(fake.mock.calls[0]?.[0]).toBe(url);
    const init = fake.mock.calls[0]?.[1];
    expect(init).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(init?.headers).toEqual({
      Authorization: "Bearer tok",
      Accept: "application/json",
      "Content-Type": "application/json",
    });
    await call(PATH, z.object({ id: z.string() }));
    expect(fake.mock.calls[1]?.[1]?.headers).toEqual({
      Authorization: "Bearer tok",
      Accept: "application/json",
    });
    expect(fake.mock.calls[1]?.[1]?.body).toBeUndefined();
  });

  it("reads a 204 as null", async () => {
    answer(() => new Response(null, { status: 204 }));
    expect(await call(PATH, z.null())).toBeNull();
  });

  it("names a network failure by its error's name only, never its text", async () => {
    answer(() => new TypeError("fetch failed for https://secret.example/?token=abc"));
    const err = await failure(call(PATH, z.unknown()));
    expect(err).toMatchObject({
      message: `${vendor} unreachable (TypeError)`,
      kind: "unavailable",
      retryable: true,
    });
  });

  it("calls an aborted call a timeout", async () => {
    answer(() => new DOMException("aborted", "AbortError"));
    const err = await failure(call(PATH, z.unknown(), { signal: AbortSignal.abort() }));
    expect(err).toMatchObject({
      message: `${vendor} did not answer in time`,
      kind: "timeout",
      retryable: true,
    });
  });

  it("calls an answer of the wrong shape unavailable, naming the path without its query", async () => {
    answer(() => Response.json({ unexpected: true }, { status: 201 }));
    const err = await failure(call(PATH, z.object({ id: z.string() })));
    expect(err).toMatchObject({
      message: `${vendor} answered an unexpected shape on POST /crm/v3/objects/contacts`,
      kind: "unavailable",
      retryable: true,
      status: 201,
    });
  });

  it("classifies a non-2xx answer as the vendor's error", async () => {
    answer(() => Response.json([{ message: "gone" }], { status: 404 }));
    const err = await failure(call(PATH, z.unknown()));
    expect(err).toMatchObject({ kind: "not_found", retryable: false, status: 404 });
    expect(err.message).toMatch(new RegExp(`^${vendor} 404`));
  });
});

describe("HubSpot's Retry-After", () => {
  it("is read in seconds or as an HTTP date on a 429", async () => {
    answer(() =>
      Response.json({ policyName: "TEN_SECONDLY_ROLLING" }, { status: 429, headers: { "Retry-After": "7" } }),
    );
    const err = await failure(clients[0]!.call(PATH, z.unknown()));
    expect(err).toMatchObject({ kind: "rate_limited", retryable: true, retryAfterSeconds: 7 });
    const at = new Date(Date.now() + 90_000).toUTCString();
    answer(() => Response.json({}, { status: 503, headers: { "Retry-After": at } }));
    const later = await failure(clients[0]!.call(PATH, z.unknown()));
    expect(later.retryAfterSeconds).toBeGreaterThan(80);
    expect(later.retryAfterSeconds).toBeLessThanOrEqual(90);
  });
});
