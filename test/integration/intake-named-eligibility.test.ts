import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone } from "./helpers";
import { NOW } from "./intake-fixtures";

// Issue 16 item 4: a named rep or account owner who is OOO or at a cap does not get the lead;
// the destination's fallback team does, and the lead's trace says who was skipped and why.
let n = 0;

function submit(email: string) {
  return call("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${++n}` },
    body: JSON.stringify({
      fields: {
        first_name: "Kim",
        last_name: "Lee",
        email,
        company: "Globex",
        employees: "50-199",
        country: "US",
      },
    }),
  });
}

async function publish(edit: (rachel: (typeof demoConfig.reps)[number]) => void) {
  const config = clone(demoConfig);
  edit(config.reps.find((r) => r.id === "rachel-kim")!);
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(saved.status).toBe(201);
}

async function distributionTrace(leadId: string): Promise<unknown[]> {
  const detail = await (await admin(`/v1/admin/leads/${leadId}`)).json<any>();
  return detail.decisions.at(-1).trace.distribution;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await admin("/v1/admin/accounts/import", {
    method: "POST",
    body: { accounts: [{ domain: "globex.com", name: "Globex Corporation", ownerRepId: "rachel-kim" }] },
  });
});
afterAll(() => vi.useRealTimers());

describe("account-owner destination eligibility", () => {
  it("sends an owner's lead to the fallback team while the owner is OOO, with the reason", async () => {
    await publish((rachel) => {
      rachel.ooo = [{ start: "2026-11-28T00:00:00Z", end: "2026-12-08T00:00:00Z", reason: "Leave" }];
    });
    const body = await (await submit("ooo@globex.com")).json<any>();
    expect(body.assignment).toMatchObject({ teamId: "sdr-na", ruleId: "existing-account" });
    expect(body.assignment.repId).not.toBe("rachel-kim");
    const trace = await distributionTrace(body.leadId);
    expect(trace[0]).toEqual({
      skipped: { repId: "rachel-kim", reasons: ["ooo"], destination: "account_owner" },
    });
    expect(trace[1]).toMatchObject({
      teamId: "sdr-na",
      why: "Account owner rachel-kim is not eligible (ooo); fallback team sdr-na",
    });
  });

  it("stops giving an owner leads once the daily cap is reached", async () => {
    await publish((rachel) => {
      rachel.ooo = [];
      rachel.caps = { perDay: 2, perWeek: 15 };
    });
    const reps: string[] = [];
    for (const who of ["a", "b", "c"]) {
      const body = await (await submit(`${who}@globex.com`)).json<any>();
      reps.push(body.assignment.repId);
      if (who === "c") {
        const trace = await distributionTrace(body.leadId);
        expect(trace[0]).toMatchObject({ skipped: { repId: "rachel-kim", reasons: ["cap_day"] } });
      }
    }
    expect(reps.slice(0, 2)).toEqual(["rachel-kim", "rachel-kim"]);
    expect(reps[2]).not.toBe("rachel-kim");
  });
});
