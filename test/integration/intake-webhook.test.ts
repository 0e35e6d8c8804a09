import { OpenAPIHono } from "@hono/zod-openapi";
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../worker/http/hono-env";
import { requestClock } from "../../worker/http/request-context";
import { onError } from "../../worker/http/on-error";
import { intakeWebhook } from "../../worker/intake/intake-webhook";
import { ADMIN_TOKEN, BASE, countRows } from "./helpers";
import { NOW, publishIntakeConfig } from "./intake-fixtures";

// Mounted as app.ts mounts it (under /v1, with the request clock and the one error handler).
const app = new OpenAPIHono<AppEnv>();
app.use(requestClock);
app.route("/v1", intakeWebhook);
app.onError(onError);

let n = 0;

function post(
  body: unknown,
  opts: { query?: string; token?: string | null; formId?: string; type?: string } = {},
) {
  const headers = new Headers({ "Content-Type": opts.type ?? "application/json" });
  if (opts.token !== null) headers.set("Authorization", `Bearer ${opts.token ?? ADMIN_TOKEN}`);
  const path = `/v1/intake/${opts.formId ?? "demo"}/webhook${opts.query ?? ""}`;
  const init = { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) };
  return app.request(`${BASE}${path}`, init, env, createExecutionContext());
}

/** HubSpot's Forms API v3 submission, with HubSpot's own property names. */
function hubspotSubmission(overrides: Record<string, string> = {}) {
  const values = {
    email: `grace${++n}@analytical-engines.example`,
    firstname: "Grace",
    lastname: "Hopper",
    company: "Analytical Engines",
    numemployees: "50-199",
    country: "US",
    ...overrides,
  };
  return {
    submittedAt: String(NOW),
    fields: Object.entries(values).map(([name, value]) => ({ objectTypeId: "0-1", name, value })),
    context: {
      hutk: "60c2ccdfe4892f0fa0593940b12c11aa",
      pageUri: "https://acme.example/demo",
      pageName: "Demo",
    },
  };
}

const HUBSPOT_MAPPING =
  "?map.first_name=fields.firstname&map.last_name=fields.lastname&map.employees=fields.numemployees";

beforeAll(async () => {
  await publishIntakeConfig();
});

afterAll(() => vi.useRealTimers());

describe("POST /v1/intake/:formId/webhook", () => {
  it("stores and routes a HubSpot form submission mapped onto the form", async () => {
    const submission = hubspotSubmission();
    const res = await post(submission, { query: HUBSPOT_MAPPING });
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(body).toMatchObject({ status: "routed", assignment: { teamId: "sdr-na" } });

    const row = await env.DB.prepare("SELECT email, fields, context FROM leads WHERE id = ?")
      .bind(body.leadId)
      .first<{ email: string; fields: string; context: string }>();
    expect(row!.email).toBe(submission.fields[0]!.value);
    expect(JSON.parse(row!.fields)).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
      employees: "50-199",
    });
    expect(JSON.parse(row!.context)).toEqual({ pageUrl: "https://acme.example/demo", source: "hubspot" });
  });

  it("maps a generic JSON payload with dotted paths", async () => {
    const payload = {
      contact: { first: "Ada", last: "Lovelace", email: `ada${++n}@analytical-engines.example` },
      org: { name: "Analytical Engines", size: "1000-4999", country: "France" },
    };
    const query =
      "?map.first_name=contact.first&map.last_name=contact.last&map.email=contact.email" +
      "&map.company=org.name&map.employees=org.size&map.country=org.country";
    const res = await post(payload, { query });
    expect(res.status).toBe(201);
    expect((await res.json<any>()).assignment).toMatchObject({ teamId: "emea-enterprise" });
  });

  it("answers a re-sent identical payload with the original lead", async () => {
    const submission = hubspotSubmission();
    const first = await (await post(submission, { query: HUBSPOT_MAPPING })).json<any>();
    const again = await post(submission, { query: HUBSPOT_MAPPING });
    expect(again.status).toBe(200);
    expect((await again.json<any>()).leadId).toBe(first.leadId);
  });

  it("accepts a server post for a Turnstile form: the token vouches for the caller", async () => {
    const res = await post(hubspotSubmission(), { query: HUBSPOT_MAPPING, formId: "guarded" });
    expect(res.status).toBe(201);
  });

  it("answers 401 without a token or with a wrong one, and writes nothing", async () => {
    const before = await countRows("leads");
    expect((await post(hubspotSubmission(), { token: null, query: HUBSPOT_MAPPING })).status).toBe(401);
    const wrong = await post(hubspotSubmission(), { token: "not-the-token", query: HUBSPOT_MAPPING });
    expect(wrong.status).toBe(401);
    expect((await wrong.json<any>()).error.code).toBe("unauthorized");
    expect(await countRows("leads")).toBe(before);
  });

  it("answers 422 naming the required fields it could not map, and where it looked", async () => {
    const before = await countRows("leads");
    const res = await post(hubspotSubmission());
    expect(res.status).toBe(422);
    const { details } = (await res.json<any>()).error;
    const paths = details.errors.map((e: { path: string[] }) => e.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["fields.first_name", "fields.last_name", "fields.employees"]),
    );
    expect(details).toMatchObject({ shape: "hubspot_form", paths: { first_name: "fields.first_name" } });
    expect(await countRows("leads")).toBe(before);
  });

  it("answers 422 for a mapping onto something that is not a field", async () => {
    const res = await post(hubspotSubmission(), { query: "?map.favourite_colour=fields.color" });
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.details.errors[0].path).toEqual(["query", "map.favourite_colour"]);
  });

  it("answers 404 for an unknown form, 415 for non-JSON and 422 for a non-object body", async () => {
    expect((await post(hubspotSubmission(), { formId: "nope" })).status).toBe(404);
    expect((await post("email=a@b.example", { type: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await post([1, 2])).status).toBe(422);
    expect((await post("{nope")).status).toBe(400);
  });
});
