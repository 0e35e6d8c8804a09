import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { OpenAPIHono } from "@hono/zod-openapi";
import { onError, notFound } from "../../worker/http/on-error";
import { captureLogs } from "./capture-logs";
import { call } from "./helpers";

describe("HTTP basics", () => {
  it("answers /health with the database state", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(typeof body.time).toBe("string");
  });

  it("reports the database's size and share of D1's 10 GB limit, warning from 80%", async () => {
    const { meta } = await env.DB.prepare("SELECT 1").run();
    const body = await (await call("/health")).json<any>();
    expect(body.storage).toEqual({
      bytes: meta.size_after,
      limitBytes: 10_000_000_000,
      share: expect.closeTo(meta.size_after / 1e10, 4),
      warning: false,
    });
    expect(body.storage.bytes).toBeGreaterThan(0);
    // A deployment on a smaller limit (Workers Free: 500 MB) sets DATABASE_LIMIT_BYTES.
    const app = createApp();
    const at = async (limit: number) =>
      (
        await (
          await app.fetch(
            new Request("https://baton.test/health"),
            { ...env, DATABASE_LIMIT_BYTES: String(limit) },
            createExecutionContext(),
          )
        ).json<any>()
      ).storage;
    expect(await at(Math.floor(meta.size_after / 0.79))).toMatchObject({ warning: false });
    expect(await at(Math.floor(meta.size_after / 0.81))).toMatchObject({
      warning: true,
      share: expect.closeTo(0.81, 2),
    });
  });

  it("gives every response a request id, and echoes a caller's one", async () => {
    const own = await call("/health");
    expect(own.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await call("/health", { headers: { "X-Request-Id": "trace-abc-123" } });
    expect(echoed.headers.get("X-Request-Id")).toBe("trace-abc-123");
  });

  it("answers an unknown route with the JSON error shape", async () => {
    const res = await call("/no/such/thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      error: { code: "not_found", message: "No route for GET /no/such/thing" },
    });
  });

  it("turns an uncaught exception into a generic 500 without a stack trace", async () => {
    const app = new OpenAPIHono();
    app.get("/boom", () => {
      throw new Error("secret detail at /srv/app.ts:12");
    });
    app.notFound(notFound as never);
    app.onError(onError as never);
    // The bug is logged for the operator (that log is part of the behaviour), not printed.
    const logged = captureLogs("error");
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    expect(logged()).toEqual([
      expect.objectContaining({ level: "error", msg: "unhandled error", method: "GET", path: "/boom" }),
    ]);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal_error", message: "Something went wrong on our side." },
    });
    expect(text).not.toContain("secret detail");
    expect(text).not.toContain("at ");
  });

  it("serves an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<any>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/health",
        "/v1/forms/{formId}",
        "/v1/admin/config",
        "/v1/admin/config/versions",
        "/v1/admin/config/versions/{version}/publish",
        "/v1/admin/tokens",
        "/v1/admin/accounts/import",
      ]),
    );
    expect(doc.components.schemas.RoutingConfig.type).toBe("object");
    expect(doc.components.schemas.RoutingConfig.properties).toHaveProperty("reps");
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer" });
  });
});
