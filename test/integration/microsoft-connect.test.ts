import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { adminCalendar } from "../../worker/calendars/admin-calendar";
import {
  adminCalendarMicrosoft,
  publicCalendarMicrosoft,
} from "../../worker/calendars/admin-calendar-microsoft";
import { FreeBusyCache } from "../../worker/calendars/busy-cache";
import { createMicrosoftProvider } from "../../worker/calendars/microsoft/provider";
import { signState } from "../../worker/calendars/oauth/state";
import { database } from "../../worker/db/client";
import { FAKE_MS_CLIENT_ID } from "../fakes/microsoft-graph";
import { adminApp } from "./admin-app";
import { connectionRow, fakeClock, uniq } from "./google-fake";
import { graph } from "./microsoft-fake";
import { admin, ADMIN_TOKEN, BASE, countRows } from "./helpers";

const app = () => adminApp(adminCalendarMicrosoft, adminCalendar).route("/v1", publicCalendarMicrosoft);
const root = (env as unknown as { MICROSOFT_LOGIN_ROOT: string }).MICROSOFT_LOGIN_ROOT;
const CALLBACK = `${BASE}/v1/calendar/microsoft/callback`;

const call = async (path: string, token?: string): Promise<Response> =>
  app().fetch(
    new Request(`${BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
    env,
    createExecutionContext(),
  );

async function connectLink(repId: string): Promise<URL> {
  const res = await call(`/v1/admin/calendar/microsoft/connect/${repId}`, ADMIN_TOKEN);
  expect(res.status).toBe(200);
  return new URL((await res.json<{ url: string }>()).url);
}

/** What Microsoft's redirect carries after `email` signs in: the fake binds the code to the challenge. */
async function signIn(repId: string, email: string, codePrefix = "code") {
  const link = await connectLink(repId);
  const state = link.searchParams.get("state")!;
  const code = `${codePrefix}:${email}:${link.searchParams.get("code_challenge")}`;
  return {
    state,
    code,
    callback: () => call(`/v1/calendar/microsoft/callback?${new URLSearchParams({ state, code })}`),
  };
}

const connections = async () =>
  (await call("/v1/admin/calendar/connections", ADMIN_TOKEN).then((r) => r.json<any>())).connections;

function provider(repId: string, email: string, notifyBroken = vi.fn(async () => {})) {
  return createMicrosoftProvider(env, database(env.DB), {
    clock: fakeClock(Date.now()),
    random: () => 1,
    cache: new FreeBusyCache(),
    notifyBroken,
    reps: [{ id: repId, email, calendar: { provider: "microsoft" } }],
  });
}

beforeAll(async () => {
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig });
  expect(saved.status).toBe(201);
});

describe("Microsoft 365 connect flow (authorization code with PKCE)", () => {
  it("only lets an admin start a connection, and only for a rep in the active config", async () => {
    expect((await call("/v1/admin/calendar/microsoft/connect/rachel-kim")).status).toBe(401);
    expect((await call("/v1/admin/calendar/microsoft/connect/nobody", ADMIN_TOKEN)).status).toBe(404);
  });

  it("sends the rep to the v2.0 authorize endpoint with an S256 challenge and a signed state", async () => {
    const url = await connectLink("rachel-kim");
    expect(url.href.split("?")[0]).toBe(`${root}organizations/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: FAKE_MS_CLIENT_ID,
      response_type: "code",
      redirect_uri: CALLBACK,
      response_mode: "query",
      scope: "https://graph.microsoft.com/Calendars.ReadWrite offline_access openid email",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: "S256",
      state: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
    });
    const again = await connectLink("rachel-kim");
    expect(again.searchParams.get("code_challenge")).not.toBe(url.searchParams.get("code_challenge"));
  });

  it("redeems the code with its verifier, seals the refresh token, audits it, and the provider uses it", async () => {
    const email = `${uniq("ava")}@contoso.test`;
    const res = await (await signIn("ava-thompson", email)).callback();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Outlook calendar is connected");

    const [redeem] = (await graph.requests(email)).filter((r) => r.path.endsWith("/token"));
    expect(redeem!.body).toMatchObject({
      grant_type: "authorization_code",
      redirect_uri: CALLBACK,
      code_verifier: expect.stringMatching(/^[\w-]{43}$/),
    });
    const row = await connectionRow("ava-thompson");
    expect(row).toMatchObject({ status: "connected" });
    expect(row!.encrypted_refresh_token).not.toContain(email);
    const audit = await env.DB.prepare(
      "SELECT details FROM audit_log WHERE action = 'calendar.connected' AND target = 'rep:ava-thompson'",
    ).first<{ details: string }>();
    expect(JSON.parse(audit!.details)).toEqual({ provider: "microsoft", accountEmail: email });

    const busy = await provider("ava-thompson", email).busy(
      ["ava-thompson"],
      Date.now(),
      Date.now() + 86_400_000,
    );
    expect(busy.unavailable.size).toBe(0);
    expect((await graph.requests(email)).some((r) => r.path.endsWith("/getSchedule"))).toBe(true);
    expect(await connections()).toContainEqual(
      expect.objectContaining({
        repId: "ava-thompson",
        provider: "microsoft",
        accountEmail: email,
        status: "connected",
      }),
    );
  });

  it("rejects a tampered, expired or Google state and writes nothing", async () => {
    const { state, code } = await signIn("marcus-johnson", `${uniq("m")}@contoso.test`);
    const actor = { kind: "bootstrap", role: "admin" } as const;
    const google = await signState(env.ENCRYPTION_KEY, "marcus-johnson", actor, Date.now());
    const expired = await signState(
      env.ENCRYPTION_KEY,
      "marcus-johnson",
      actor,
      Date.now() - 16 * 60_000,
      "microsoft_connect",
    );
    const before = await countRows("calendar_connections");
    for (const bad of [`${state.slice(0, -2)}AA`, google, expired, "garbage"]) {
      const res = await call(`/v1/calendar/microsoft/callback?${new URLSearchParams({ state: bad, code })}`);
      expect(res.status).toBe(400);
      expect((await res.json<any>()).error.code).toBe("bad_request");
    }
    expect(await countRows("calendar_connections")).toBe(before);
  });

  it("answers 400 for a code bound to another link's challenge (invalid_grant), a revoked grant, withdrawn consent or a refusal", async () => {
    const email = `${uniq("d")}@contoso.test`;
    const first = await signIn("diego-alvarez", email);
    const second = await signIn("diego-alvarez", email);
    const swapped = await call(
      `/v1/calendar/microsoft/callback?${new URLSearchParams({ state: second.state, code: first.code })}`,
    );
    expect(swapped.status).toBe(400);
    expect((await swapped.json<any>()).error.message).toContain("invalid_grant (AADSTS501481)");
    const revoked = await signIn("diego-alvarez", email, "revoked");
    expect((await revoked.callback()).status).toBe(400);
    const consent = await signIn("diego-alvarez", email, "consent");
    const withdrawn = await consent.callback();
    expect(withdrawn.status).toBe(400);
    expect((await withdrawn.json<any>()).error.message).toContain("AADSTS65001");
    const refused = await call(
      `/v1/calendar/microsoft/callback?${new URLSearchParams({ state: first.state, error: "access_denied" })}`,
    );
    expect(refused.status).toBe(400);
    expect(await connectionRow("diego-alvarez")).toBeNull();
  });

  it("answers 503 when the token endpoint is down, so the rep can retry the same link", async () => {
    const email = `${uniq("p")}@contoso.test`;
    const attempt = await signIn("priya-raman", email);
    await graph.faults(attempt.code, ["503"]);
    expect((await attempt.callback()).status).toBe(503);
    expect((await attempt.callback()).status).toBe(200);
  });

  it("marks the connection broken once, with the reason, when the rep later withdraws consent", async () => {
    const email = `${uniq("e")}@contoso.test`;
    expect((await (await signIn("ethan-cole", email)).callback()).status).toBe(200);
    await graph.withdraw(email, 65001);
    const notifyBroken = vi.fn(async () => {});
    const p = provider("ethan-cole", email, notifyBroken);
    const busy = await p.busy(["ethan-cole"], Date.now(), Date.now() + 86_400_000);
    expect(busy.fallback?.has("ethan-cole")).toBe(true);
    await provider("ethan-cole", email, notifyBroken).busy(
      ["ethan-cole"],
      Date.now(),
      Date.now() + 86_400_000,
    );
    expect(notifyBroken).toHaveBeenCalledTimes(1);
    expect(await connections()).toContainEqual(
      expect.objectContaining({
        repId: "ethan-cole",
        status: "broken",
        lastError: expect.stringContaining("AADSTS65001"),
      }),
    );
  });
});
