import { beforeAll, describe, expect, test } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const AVA = "ava-thompson";

beforeAll(async () => {
  // Two reps taking turns on sdr-na, at any hour, so who gets the next lead is predictable.
  const config = structuredClone(demoConfig);
  const team = config.teams.find((t) => t.id === "sdr-na")!;
  team.members = [
    { repId: AVA, weight: 1 },
    { repId: "marcus-johnson", weight: 1 },
  ] as typeof team.members;
  team.distribution = { mode: "round_robin", requireWorkingHours: false } as typeof team.distribution;
  for (const rep of config.reps) rep.caps = {};
  await e2e.baton.admin("POST", "/v1/admin/config/versions?publish=true", config);
});

let n = 0;
/** Submits a lead the demo rules send to sdr-na; returns its id and rep. */
async function submit(): Promise<{ leadId: string; repId: string }> {
  n++;
  const res = await fetch(`${e2e.baton.baseUrl}/v1/forms/demo/submissions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      fields: {
        first_name: "Grace",
        last_name: `Hopper${n}`,
        email: `grace${n}-${Date.now()}@cobol.example`,
        company: `Cobol ${n}`,
        employees: "1-49",
        country: "US",
      },
    }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { leadId: string; assignment: { repId: string; teamId: string } };
  expect(body.assignment.teamId).toBe("sdr-na");
  return { leadId: body.leadId, repId: body.assignment.repId };
}

/** The sign-in link the dev outbox holds for `to` (the queue delivers it a moment later). */
async function signinLink(to: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const { emails } = (await e2e.baton.admin("GET", "/v1/admin/outbox")) as {
      emails: { to: string; subject: string; text: string }[];
    };
    const mail = emails.find((m) => m.to === to && m.subject.includes("sign-in"));
    const token = mail && /#signin=([\w.-]+)/.exec(mail.text)?.[1];
    if (token) return `${e2e.baton.baseUrl}/admin/rep.html#signin=${token}`;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no sign-in email for ${to}`);
}

describe("the rep workspace", () => {
  test("a rep signs in by magic link, accepts a lead, marks themselves out, and the next lead goes elsewhere", async () => {
    const leads = [await submit(), await submit()];
    const mine = leads.find((l) => l.repId === AVA)!;
    const theirs = leads.find((l) => l.repId !== AVA)!;
    expect(mine && theirs).toBeTruthy();

    const { page, errors } = await e2e.newPage();
    await page.goto(`${e2e.baton.baseUrl}/admin/rep.html`);
    await page.getByLabel("Work email").fill("ava.thompson@baton.example");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("status").getByText("a sign-in link is on its way").waitFor();

    await page.goto(await signinLink("ava.thompson@baton.example"));
    await page.getByRole("heading", { name: "My leads" }).waitFor();
    // The token left the address bar as soon as it was used.
    expect(new URL(page.url()).hash).toBe("");
    const item = page.locator(`li[data-lead="${mine.leadId}"]`);
    await item.waitFor();
    expect(await page.locator(`li[data-lead="${theirs.leadId}"]`).count()).toBe(0);
    expect(await item.textContent()).toMatch(/min left to accept/);
    expect(await item.textContent()).toContain("Why me:");

    await item.getByRole("button", { name: "Accept" }).click();
    await item.getByText("accepted").waitFor();
    await e2e.screenshot(page, "rep-workspace-accepted");

    await page.getByRole("button", { name: "Mark me out" }).click();
    await page.getByText("You are out until").waitFor();

    // Two more leads: with Ava out, both go to her teammate.
    const after = [await submit(), await submit()];
    expect(after.map((l) => l.repId)).toEqual(["marcus-johnson", "marcus-johnson"]);

    // The admin sees the override on the dashboard.
    const admin = (await e2e.newPage()).page;
    await admin.goto(`${e2e.baton.baseUrl}/admin/#/away`);
    await admin.getByLabel("Admin token").fill(e2e.baton.adminToken);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.getByRole("link", { name: "Reps out" }).click();
    const row = admin.locator(`tr[data-rep="${AVA}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("rep");
    expect(errors).toEqual([]);
  });

  test("a used link does not sign in twice", async () => {
    const { page } = await e2e.newPage();
    await fetch(`${e2e.baton.baseUrl}/v1/rep/auth/link`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "marcus.johnson@baton.example" }),
    });
    const link = await signinLink("marcus.johnson@baton.example");
    await page.goto(link);
    await page.getByRole("heading", { name: "My leads" }).waitFor();
    const other = (await e2e.newPage()).page;
    await other.goto(link);
    await other.getByRole("alert").getByText("invalid, expired or already used").waitFor();
  });

  test("a rep changes their own hours in the workspace when the org allows it, and the live config follows", async () => {
    const live = (await e2e.baton.admin("GET", "/v1/admin/config")).config;
    live.org.repsMayEditHours = true;
    await e2e.baton.admin("POST", "/v1/admin/config/versions?publish=true", live);
    const before = live.reps.find((r: { id: string }) => r.id === "priya-raman").workingHours;

    const { page, errors } = await e2e.newPage();
    await fetch(`${e2e.baton.baseUrl}/v1/rep/auth/link`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "priya.raman@baton.example" }),
    });
    await page.goto(await signinLink("priya.raman@baton.example"));
    await page.getByRole("heading", { name: "My hours" }).waitFor();
    const monday = page.getByLabel("Monday", { exact: true });
    expect(await monday.inputValue()).not.toBe("");

    await monday.fill("9 to 5");
    await page.getByRole("button", { name: "Save my hours" }).click();
    await page.getByRole("alert").getByText("Monday: write hours like 09:00-17:00").waitFor();

    await monday.fill("10:00-11:00");
    await page.getByRole("button", { name: "Save my hours" }).click();
    await page.getByRole("status").getByText("Saved").waitFor();
    const after = (await e2e.baton.admin("GET", "/v1/admin/config")).config;
    const hours = after.reps.find((r: { id: string }) => r.id === "priya-raman").workingHours;
    expect(hours).toEqual({ ...before, mon: [{ start: "10:00", end: "11:00" }] });
    expect(errors).toEqual([]);
  });
});
