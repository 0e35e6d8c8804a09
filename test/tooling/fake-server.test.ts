/**
 * The shared fake server (test/fakes/server.ts) that the vendor fakes build on: its fault plan
 * decides which calls fail, so a wrong order or a hang that answers after all would make the
 * vendors' fault tests pass for the wrong reason.
 */
import { describe, expect, it } from "vitest";
import { FaultPlan, Recording, startFake, type Answer } from "../fakes/server";

/** A fake that answers each call with the plan's fault (as its status) or 200, and records it. */
async function start(plan: FaultPlan, seen: Recording<string>) {
  return startFake(
    ({ method, url, body }, res) => {
      const shown = body instanceof URLSearchParams ? `form:${body}` : JSON.stringify(body ?? null);
      seen.push(`${method} ${url.pathname} ${shown}`);
      const fault = plan.next();
      const a: Answer | "hang" =
        fault === "hang"
          ? "hang"
          : fault
            ? {
                status: Number(fault),
                body: { fault },
                headers: fault === "429" ? { "Retry-After": "2" } : {},
              }
            : { status: 200, body: { ok: true } };
      plan.answer(res, a);
    },
    (err) => ({ status: 500, body: { error: String(err) } }),
  );
}

describe("fake server", () => {
  it("answers queued faults in order, then every 1/rate-th call with the kinds in turn", async () => {
    const plan = new FaultPlan();
    const { url } = await start(plan, new Recording());
    plan.configure({ queue: ["429", "503"] });
    const first = await fetch(`${url}/x`);
    expect([first.status, first.headers.get("retry-after")]).toEqual([429, "2"]);
    expect((await fetch(`${url}/x`)).status).toBe(503);
    plan.configure({ rate: 0.5, kinds: ["500", "502"] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/x`)).status);
    expect(statuses).toEqual([200, 502, 200, 500]);
    plan.configure({ down: true });
    expect((await fetch(`${url}/x`)).status).toBe(503);
  });

  it("a hang never answers: the client's timeout fires", async () => {
    const plan = new FaultPlan();
    const { url } = await start(plan, new Recording());
    plan.configure({ queue: ["hang"] });
    await expect(fetch(`${url}/x`, { signal: AbortSignal.timeout(150) })).rejects.toThrow(/timeout|abort/i);
    expect((await fetch(`${url}/x`)).status).toBe(200);
  });

  it("parses JSON and form bodies, records each call, and wakes a waiter at the count", async () => {
    const seen = new Recording<string>();
    const { url } = await start(new FaultPlan(), seen);
    const waited = new Promise<string[]>((resolve) =>
      seen.wait(
        (e) => e.startsWith("POST"),
        2,
        () => resolve(seen.matching((e) => e.startsWith("POST"))),
      ),
    );
    await fetch(`${url}/j`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    await fetch(`${url}/f`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=x",
    });
    expect(await waited).toEqual(['POST /j {"a":1}', "POST /f form:grant_type=x"]);
  });

  it("a handler that throws answers the fake's 500, not a hang", async () => {
    const { url } = await startFake(
      () => {
        throw new Error("bug in the fake");
      },
      (err) => ({ status: 500, body: { error: String(err) } }),
    );
    const res = await fetch(`${url}/x`, { method: "POST", body: "{not json" });
    expect(res.status).toBe(500);
  });
});
