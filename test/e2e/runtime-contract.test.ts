/**
 * API contract checks against `wrangler dev` with the production config: the real workerd,
 * which refuses code generation from strings and anything else the vitest pool relaxes.
 * No browser; each check is one HTTP exchange a real integrator makes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBaton, type Baton } from "./server";

let baton: Baton;
beforeAll(async () => {
  baton = await startBaton();
});
afterAll(async () => {
  await baton?.stop();
});

function post(apiPath: string, body: string, type: string): Promise<Response> {
  return fetch(new URL(apiPath, baton.baseUrl), {
    method: "POST",
    headers: { Authorization: `Bearer ${baton.adminToken}`, "Content-Type": type },
    body,
  });
}

describe("under wrangler dev", () => {
  it("imports accounts from a text/csv body", async () => {
    const csv = 'domain,name,owner_rep_id\r\nruntime-one.com,"Runtime, Inc.",rachel-kim\r\n';
    const res = await post("/v1/admin/accounts/import", csv, "text/csv");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ received: 1, created: 1, updated: 0 });
  });

  it("backtests a text/csv body of leads", async () => {
    const { version } = await baton.admin("GET", "/v1/admin/config");
    const csv = "lead_id,email,country\nr1,ann@example.org,US\n";
    const res = await post(`/v1/admin/config/versions/${version}/backtest?formId=demo`, csv, "text/csv");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as any).summary).toMatchObject({ total: 1 });
  });
});
