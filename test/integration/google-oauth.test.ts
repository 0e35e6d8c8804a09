import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { signState } from "../../worker/calendars/oauth/state";
import { createGoogleProvider } from "../../worker/calendars/google/provider";
import { database } from "../../worker/db/client";
import { adminCalendar, publicCalendar } from "../../worker/calendars/admin-calendar";
import { FAKE_GOOGLE_CLIENT_ID } from "../fakes/google-calendar";
import { adminApp } from "./admin-app";
import { connectionRow, connectRep, fake, fakeClock, uniq } from "./google-fake";
import { admin, ADMIN_TOKEN, BASE, countRows } from "./helpers";

/** The routes mounted the way app.ts mounts them (admin behind auth, callback public). */
function app() {
  return adminApp(adminCalendar).route("/v1", publicCalendar);
}

const call = async (path: string, token?: string): Promise<Response> =>
  app().fetch(
    new Request(`${BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
    env,
    createExecutionContext(),
  );

async function connectLink(repId: string): Promise<URL> {
  const res = await call(`/v1/admin/calendar/google/connect/${repId}`, ADMIN_TOKEN);
  expect(res.status).toBe(200);
  return new URL((await res.json<{ url: string }>()).url);
}

const callback = (state: string, code: string) =>
  call(`/v1/calendar/google/callback?${new URLSearchParams({ state, code })}`);

beforeAll(async () => {
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig });
  expect(saved.status).toBe(201);
});

describe("Google OAuth connect flow", () => {
  it("only lets an admin start a connection, and only for a rep in the active config", async () => {
    expect((await call("/v1/admin/calendar/google/connect/rachel-kim")).status).toBe(401);
    expect((await call("/v1/admin/calendar/google/connect/nobody", ADMIN_TOKEN)).status).toBe(404);
  });

  it("asks Google for offline access with least-privilege scopes and a signed state", async () => {
    const url = await connectLink("rachel-kim");
    expect(url.origin + url.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: FAKE_GOOGLE_CLIENT_ID,
      redirect_uri: `${BASE}/v1/calendar/google/callback`,
      response_type: "code",
      access_type: "offline",
      prompt: "consent",
      scope:
        "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy openid email",
      state: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
    });
  });

  it("exchanges the code, stores the refresh token encrypted, audits it, and the provider can use it", async () => {
    const email = `${uniq("rachel")}@acme.test`;
    const state = (await connectLink("rachel-kim")).searchParams.get("state")!;
    const res = await callback(state, `code:${email}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("connected");

    const [exchange] = await fake.requests(`code:${email}`);
    expect(exchange!.body).toMatchObject({
      grant_type: "authorization_code",
      redirect_uri: `${BASE}/v1/calendar/google/callback`,
    });
    const row = await connectionRow("rachel-kim");
    expect(row).toMatchObject({ status: "connected" });
    expect(row!.encrypted_refresh_token).not.toContain(email);
    const audit = await env.DB.prepare(
      "SELECT actor, details FROM audit_log WHERE action = 'calendar.connected' AND target = 'rep:rachel-kim'",
    ).first();
    expect(audit).toMatchObject({ actor: "admin-token", details: expect.stringContaining(email) });

    const provider = createGoogleProvider(env, database(env.DB), {
      clock: fakeClock(Date.now()),
      cache: new FreeBusyCache(),
    });
    const busy = await provider.busy(["rachel-kim"], Date.now(), Date.now() + 86_400_000);
    expect(busy.unavailable.size).toBe(0);
    expect(await fake.requests(`rt:${email}`)).toHaveLength(1);

    const list = await call("/v1/admin/calendar/connections", ADMIN_TOKEN).then((r) => r.json<any>());
    expect(list.connections).toContainEqual(
      expect.objectContaining({ repId: "rachel-kim", accountEmail: email, status: "connected" }),
    );
    expect(JSON.stringify(list)).not.toContain("encrypted");
  });

  it("rejects a tampered, forged or expired state and writes nothing", async () => {
    const state = (await connectLink("ava-thompson")).searchParams.get("state")!;
    const [body, mac] = state.split(".");
    const payload = JSON.parse(atob(body!.replaceAll("-", "+").replaceAll("_", "/")));
    const swapped = btoa(JSON.stringify({ ...payload, repId: "marcus-johnson" }))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    const forged = await signState(
      btoa("x".repeat(32)),
      "ava-thompson",
      { kind: "bootstrap", role: "admin" },
      Date.now(),
    );
    const expired = await signState(
      env.ENCRYPTION_KEY,
      "ava-thompson",
      { kind: "bootstrap", role: "admin" },
      Date.now() - 16 * 60_000,
    );
    const before = await countRows("calendar_connections");
    for (const bad of [`${swapped}.${mac}`, `${body}.${mac!.slice(0, -2)}AA`, forged, expired, "garbage"]) {
      const res = await callback(bad, `code:${uniq("x")}@acme.test`);
      expect(res.status).toBe(400);
      expect((await res.json<any>()).error.code).toBe("bad_request");
    }
    expect(await countRows("calendar_connections")).toBe(before);
  });

  it("answers 400 when Google rejects the code or the rep refused consent", async () => {
    const state = (await connectLink("diego-alvarez")).searchParams.get("state")!;
    expect((await callback(state, "revoked-code")).status).toBe(400);
    const denied = await call(
      `/v1/calendar/google/callback?${new URLSearchParams({ state, error: "access_denied" })}`,
    );
    expect(denied.status).toBe(400);
    expect(await connectionRow("diego-alvarez")).toBeNull();
  });

  it("shows a connection broken by invalid_grant, with its error, on the status endpoint", async () => {
    await connectRep("priya-raman", `revoked:${uniq("priya")}@acme.test`);
    const provider = createGoogleProvider(env, database(env.DB), {
      cache: new FreeBusyCache(),
      notifyBroken: async () => {},
    });
    await provider.busy(["priya-raman"], Date.now(), Date.now() + 86_400_000);
    const list = await call("/v1/admin/calendar/connections", ADMIN_TOKEN).then((r) => r.json<any>());
    expect(list.connections).toContainEqual(
      expect.objectContaining({
        repId: "priya-raman",
        status: "broken",
        lastError: expect.stringContaining("invalid_grant"),
      }),
    );
  });
});
