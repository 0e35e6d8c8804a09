import { Validator, type Schema } from "@cfworker/json-schema";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { MALFORMED_JSON_MESSAGE } from "../../worker/http/openapi-statuses";
import { ADMIN_TOKEN, BASE } from "./helpers";

/**
 * The contract says what the server does (issue 16, item 7): every operation of /openapi.json
 * gets malformed JSON, wrong content types, an oversize body, odd path segments and odd query
 * values, and every answer must be a status that operation documents, never a 5xx, with an
 * error body valid against the documented schema. Operations are read from the document, so
 * a route added later is fuzzed without touching this file. N is small: CI's budget.
 */
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const app = createApp();
let doc: OpenApi;

async function call(path: string, init: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(`${BASE}${path}`, init, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

type Mutation = { segment: string; query: string; contentType: string | null; body: string | null };

const segment = fc.oneof(
  fc.constant("x1"),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || "x"),
  fc.constantFrom("..%2F..%2Fetc", "%00", "-1", "1e309", "a".repeat(600)),
);
const query = fc.constantFrom(
  "",
  "?limit=-5",
  "?from=zzz&to=1",
  "?days=abc",
  "?cursor=%ZZ",
  "?before=&after=null",
);
const contentType = fc.constantFrom(
  "application/json",
  "text/plain",
  "text/csv",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-16",
  null,
);
const body = fc.oneof(
  fc.constantFrom("{nope", "[1,2", '{"a":}', "", "null", "\u0000"),
  fc.json({ maxDepth: 3 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.record({ segment, query, contentType, body });

/** The fixed cases every operation gets, besides the generated ones. */
const FIXED: Mutation[] = [
  { segment: "x1", query: "", contentType: "application/json", body: "{nope" },
  { segment: "x1", query: "", contentType: "text/plain", body: "hello" },
  {
    segment: "x1",
    query: "",
    contentType: "application/json",
    body: JSON.stringify({ x: "a".repeat(1_100_000) }),
  },
];

function operations(): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(
      ([method, op]) => [method.toUpperCase(), path, op] as [string, string, Operation],
    ),
  );
}

async function check(method: string, path: string, op: Operation, m: Mutation): Promise<void> {
  const headers = new Headers({ Authorization: `Bearer ${ADMIN_TOKEN}`, Origin: "https://www.acme.example" });
  if (m.contentType) headers.set("Content-Type", m.contentType);
  const sendsBody = method !== "GET" && method !== "HEAD" && m.body !== null;
  const url = `${path.replace(/\{[^}]+\}/g, m.segment)}${m.query}`;
  const res = await call(url, { method, headers, ...(sendsBody ? { body: m.body } : {}) });
  const where = `${method} ${url.slice(0, 120)} (${m.contentType ?? "no type"})`;
  expect(res.status, where).toBeLessThan(500);
  const documented = op.responses[String(res.status)];
  expect(
    documented,
    `${where} answered ${res.status}, documented: ${Object.keys(op.responses)}`,
  ).toBeDefined();
  if (res.status < 400) return void (await res.body?.cancel());
  const schema = documented!.content?.["application/json"]?.schema;
  expect(schema, `${where}: ${res.status} documents no JSON body`).toBeDefined();
  const payload: unknown = await res.json();
  const result = new Validator({ ...schema, components: doc.components } as Schema, "2020-12").validate(
    payload,
  );
  expect(result.errors, `${where}: ${JSON.stringify(payload).slice(0, 200)}`).toEqual([]);
  // One error, one message: the library's parser and ours say the same of broken JSON.
  if (res.status === 400 && sendsBody && m.body === "{nope" && m.contentType === "application/json")
    expect((payload as { error: { message: string } }).error.message, where).toBe(MALFORMED_JSON_MESSAGE);
}

describe("every operation of /openapi.json, fuzzed", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    doc = await (await call("/openapi.json", {})).json<OpenApi>();
  });

  it("answers only documented statuses with documented error bodies, never a 5xx", async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    for (const [method, path, op] of ops) {
      for (const m of FIXED) await check(method, path, op, m);
      await fc.assert(
        fc.asyncProperty(mutation, (m) => check(method, path, op, m)),
        { numRuns: 3, seed: 16, endOnFailure: true },
      );
    }
  });
});
