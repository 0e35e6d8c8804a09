import { describe, expect, it } from "vitest";
import { admin, call, countRows } from "./helpers";

describe("admin auth", () => {
  it.each([
    ["no header", {}],
    ["a wrong token", { Authorization: "Bearer not-the-token" }],
    ["a non-bearer scheme", { Authorization: "Basic dGVzdDp0ZXN0" }],
    ["an empty bearer", { Authorization: "Bearer " }],
  ])("answers 401 with %s", async (_name, headers) => {
    const res = await call("/v1/admin/config/versions", { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await res.json()).toEqual({
      error: { code: "unauthorized", message: "A valid admin token is required." },
    });
  });

  it("answers 401 on unknown admin paths too, so routes cannot be discovered", async () => {
    expect((await call("/v1/admin/nothing-here")).status).toBe(401);
  });

  it("admits the bootstrap token", async () => {
    expect((await admin("/v1/admin/config/versions")).status).toBe(200);
  });

  it("creates an API token that works, is stored hashed, and stops working once revoked", async () => {
    const created = await admin("/v1/admin/tokens", { method: "POST", body: { name: "ci push" } });
    expect(created.status).toBe(201);
    const { id, token } = await created.json<{ id: string; token: string }>();
    expect(token).toMatch(/^bat_[A-Za-z0-9_-]{43}$/);

    const stored = await admin("/v1/admin/tokens").then((r) => r.text());
    expect(stored).not.toContain(token);
    expect(stored).toContain(token.slice(0, 10));

    expect((await admin("/v1/admin/config/versions", { token })).status).toBe(200);
    expect((await admin(`/v1/admin/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await admin("/v1/admin/config/versions", { token })).status).toBe(401);
    expect((await admin(`/v1/admin/tokens/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("audits token creation and revocation without the token value", async () => {
    const before = await countRows("audit_log");
    const { id, token } = await admin("/v1/admin/tokens", { method: "POST", body: { name: "audited" } }).then(
      (r) => r.json<{ id: string; token: string }>(),
    );
    await admin(`/v1/admin/tokens/${id}`, { method: "DELETE" });
    expect(await countRows("audit_log")).toBe(before + 2);
    const audit = await admin("/v1/admin/audit?limit=2").then((r) =>
      r.json<{ entries: { action: string }[] }>(),
    );
    expect(audit.entries.map((e) => e.action)).toEqual(["api_token.revoked", "api_token.created"]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("tells each credential its role at /v1/admin/me, and still refuses an analyst's write", async () => {
    const tokenFor = async (body: object) =>
      (await admin("/v1/admin/tokens", { method: "POST", body }).then((r) => r.json<{ token: string }>()))
        .token;
    const analyst = await tokenFor({ name: "analyst", role: "analyst" });
    const rep = await tokenFor({ name: "rep", role: "rep", repId: "ava-thompson" });
    expect(await admin("/v1/admin/me").then((r) => r.json())).toEqual({ role: "admin" });
    expect(await admin("/v1/admin/me", { token: analyst }).then((r) => r.json())).toEqual({
      role: "analyst",
    });
    expect((await admin("/v1/admin/me", { token: rep })).status).toBe(403);
    expect((await call("/v1/admin/me")).status).toBe(401);
    const publish = await admin("/v1/admin/config/versions/1/publish", { method: "POST", token: analyst });
    expect(publish.status).toBe(403);
  });

  it("rejects a token request with a bad name with 422 listing the field", async () => {
    const res = await admin("/v1/admin/tokens", { method: "POST", body: { name: "" } });
    expect(res.status).toBe(422);
    const body = await res.json<any>();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.errors[0].path).toEqual(["name"]);
  });
});
