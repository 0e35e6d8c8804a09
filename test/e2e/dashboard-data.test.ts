import { beforeAll, describe, expect, test } from "vitest";
import { book, eventually, openAdmin, submitLead, type Submitted } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const { screenshot } = e2e;
const run = Date.now().toString(36);
const HOSTILE = "<img src=x onerror=window.__xss=1>";
const HOSTILE_COMPANY = "<script>window.__xss=2</script>Acme";
type Seeded = Submitted & { name: string; company: string };
/** Every lead seeded here; `booked` have a meeting and outcomes, `open` were only routed. */
let leads: Seeded[] = [];
let booked: Seeded[] = [];
let open: Seeded[] = [];
let hostile: Submitted;

const PEOPLE = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Edsger Dijkstra",
  "Barbara Liskov",
];

async function seedLead(i: number, where: Record<string, string>): Promise<Seeded> {
  const name = PEOPLE[i % PEOPLE.length]!;
  const [first_name, last_name] = name.split(" ") as [string, string];
  const company = `${last_name} ${i} Inc`;
  const email = `${first_name.toLowerCase()}.${run}.${i}@corp${i}.example`;
  return {
    ...(await submitLead(e2e.baton, { first_name, last_name, email, company, ...where })),
    name,
    company,
  };
}

// Runs after the harness has started Baton (hooks run in the order they were registered).
beforeAll(async () => {
  const baton = e2e.baton;
  // EMEA enterprise (DE, 500+) offers slots from reps on the builtin calendar; a rep on an
  // unconnected Google calendar offers none, so keep going until two leads can book.
  for (let i = 0; booked.length < 2 && i < 6; i++) {
    const lead = await seedLead(i, { country: "DE", employees: "500-999" });
    leads.push(lead);
    if (lead.slots.length > 0) booked.push(lead);
  }
  if (booked.length < 2) throw new Error("no two seeded leads were offered slots");
  for (let i = 10; i < 13; i++) leads.push(await seedLead(i, { country: "US", employees: "50-199" }));
  open = leads.filter((l) => !booked.includes(l));
  hostile = await submitLead(baton, {
    first_name: HOSTILE,
    last_name: "Mallory",
    email: `mallory.${run}@evil.example`,
    company: HOSTILE_COMPANY,
  });
  await book(baton, booked[0]!, 0);
  await book(baton, booked[1]!, 1);
  const outcome = (lead: Submitted, kind: string) =>
    baton.admin("POST", `/v1/admin/leads/${lead.leadId}/outcomes`, { kind });
  await outcome(booked[0]!, "contacted");
  await outcome(booked[0]!, "won");
  await outcome(booked[1]!, "qualified");
});

describe("the leads screens", () => {
  test("lists leads newest first and finds one by company; its page shows the timeline and the trace", async () => {
    const page = await openAdmin(e2e, "#/leads");
    const rows = page.getByTestId("leads-table").locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(leads.length + 1);
    expect(await rows.first().getAttribute("data-lead")).toBe(hostile.leadId);
    await screenshot(page, "leads-list");

    const lead = booked[1]!;
    await page.getByRole("searchbox").fill(lead.company);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=leads-table] tbody tr").length === 1,
    );
    const row = rows.first();
    expect(await row.getAttribute("data-lead")).toBe(lead.leadId);
    expect(await row.textContent()).toContain(lead.assignment!.repName);

    await row.getByRole("link", { name: lead.name }).click();
    await page.getByTestId("lead-title").getByText(lead.name).waitFor();
    expect(page.url()).toContain(`#/leads/${lead.leadId}`);
    const timeline = page.getByTestId("timeline");
    await timeline.locator("[data-kind=booked]").waitFor();
    const kinds = await timeline
      .locator("li")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds.slice(0, 2)).toEqual(["received", "routed"]);
    expect(kinds).toContain("outcome");
    expect(await timeline.locator("[data-kind=booked]").textContent()).toContain(lead.assignment!.repName);
    // The routing trace explains the decision in words, with the rule that matched.
    await page.getByRole("heading", { name: "Why it went where it went" }).waitFor();
    await screenshot(page, "lead-page");
  });

  test("keeps the list's filters in the URL: a reload keeps them, back returns to the full list", async () => {
    const lead = booked[0]!;
    const page = await openAdmin(e2e, "#/leads");
    const rows = page.getByTestId("leads-table").locator("tbody tr");
    await rows.nth(1).waitFor();
    const all = await rows.count();
    const listed = (n: number) =>
      page.waitForFunction(
        (k) => document.querySelectorAll("[data-testid=leads-table] tbody tr").length === k,
        n,
      );

    await page.getByRole("searchbox").fill(lead.company);
    await page.getByLabel("Status").selectOption("routed");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/#\/leads\?/);
    const query = new URLSearchParams(new URL(page.url()).hash.split("?")[1]);
    expect(Object.fromEntries(query)).toEqual({ q: lead.company, status: "routed" });
    // A booked lead is not "routed" any more: the two filters together match nothing.
    await page.getByText("No lead matches these filters.").waitFor();

    await page.getByLabel("Status").selectOption("");
    await page.getByRole("button", { name: "Search" }).click();
    await listed(1);
    expect(new URL(page.url()).hash).toBe(
      `#/leads?q=${encodeURIComponent(lead.company).replaceAll("%20", "+")}`,
    );

    await page.reload();
    await listed(1);
    expect(await page.getByRole("searchbox").inputValue()).toBe(lead.company);
    expect(await rows.first().getAttribute("data-lead")).toBe(lead.leadId);

    await page.goBack();
    await page.getByText("No lead matches these filters.").waitFor();
    expect(await page.getByLabel("Status").inputValue()).toBe("routed");
    await page.goBack();
    await listed(all);
    expect(await page.getByRole("searchbox").inputValue()).toBe("");
  });

  test("accepts a lead for the rep and records an outcome from its page", async () => {
    const lead = open[open.length - 1]!;
    const page = await openAdmin(e2e);
    // Hold the rep directory until after the click: under load it can arrive that late, and
    // the message must still name the rep once it does.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/v1/admin/config", async (route) => {
      await held;
      await route.continue();
    });
    await page.evaluate((h) => (location.hash = h), `#/leads/${lead.leadId}`);
    await page.getByRole("button", { name: "Accept for the rep" }).click();
    await page.getByText(/^Accepted on behalf of /).waitFor();
    release();
    await page.getByText(`Accepted on behalf of ${lead.assignment!.repName}.`).waitFor();
    await page.getByTestId("timeline").locator("[data-kind=accepted]").waitFor();

    await page.getByLabel("Outcome").selectOption("opportunity");
    await page.getByRole("button", { name: "Record outcome" }).click();
    await page.getByText("Outcome “Opportunity” recorded.").waitFor();
    const stored = await e2e.baton.admin("GET", `/v1/admin/leads/${lead.leadId}/outcomes`);
    expect(stored.outcomes.map((o: { kind: string }) => o.kind)).toEqual(["opportunity"]);
  });

  test("shows a hostile lead name as literal text in the list and on its page, and runs no script", async () => {
    const page = await openAdmin(e2e, "#/leads");
    const row = page.locator(`tr[data-lead="${hostile.leadId}"]`);
    await row.waitFor();
    expect(await row.getByRole("link").textContent()).toBe(`${HOSTILE} Mallory`);
    expect(await row.textContent()).toContain(HOSTILE_COMPANY);

    await row.getByRole("link").click();
    await page.getByTestId("timeline").locator("li").first().waitFor();
    expect(await page.getByTestId("lead-title").textContent()).toBe(`${HOSTILE} Mallory`);
    expect(await page.getByTestId("lead-fields").textContent()).toContain(HOSTILE_COMPANY);
    await page.getByTestId("timeline").locator("li").first().waitFor();

    expect(await page.evaluate(() => "__xss" in window)).toBe(false);
    expect(await page.locator("img[src=x], main script").count()).toBe(0);
  });
});

describe("the analytics screen", () => {
  test("draws every chart from the seeded leads, with the same numbers as the API", async () => {
    const page = await openAdmin(e2e, "#/analytics");
    const chart = (title: string) => page.locator(`figure[data-chart="${title}"]`);
    await chart("Leads and bookings over time").waitFor();
    const api = await e2e.baton.admin("GET", "/v1/admin/analytics");
    expect(api.funnel.submitted).toBe(leads.length + 1);
    expect(api.funnel.booked).toBeGreaterThanOrEqual(2);

    // Over time: one line per series, and a summary naming the totals.
    const line = chart("Leads and bookings over time");
    expect(await line.locator("svg path").count()).toBe(3);
    expect(await line.locator("svg").getAttribute("aria-label")).toContain(
      `${api.funnel.submitted} leads and ${api.funnel.booked} bookings`,
    );

    // The funnel's table says what its bars draw.
    const funnel = chart("Funnel: submitted → slots shown → booked");
    const cells = await funnel.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.children)
          .slice(0, 2)
          .map((c) => c.textContent),
      ),
    );
    expect(cells).toEqual([
      ["Submitted", String(api.funnel.submitted)],
      ["Slots shown", String(api.funnel.slotsShown)],
      ["Booked", String(api.funnel.booked)],
    ]);
    expect(await funnel.locator("svg rect:not(.track)").count()).toBe(3);

    // Distribution against target: one bar and one target marker per rep that got a lead.
    const reps = new Set([...leads, hostile].map((l) => l.assignment?.repName));
    const distribution = page.locator("section", {
      has: page.getByRole("heading", { name: "Distribution per rep against target share" }),
    });
    const repNames = await distribution.locator("figure tbody th").allTextContents();
    for (const name of reps) expect(repNames).toContain(name);
    expect(await distribution.locator("svg line.target").count()).toBeGreaterThan(0);

    await chart("Time to accept and SLA compliance per team").waitFor();
    const byRule = chart("Conversion by rule");
    await byRule.waitFor();
    const won = api.conversion.byRule.reduce(
      (n: number, r: { outcomes: { won: number } }) => n + r.outcomes.won,
      0,
    );
    expect(won).toBeGreaterThanOrEqual(1);
    expect(await byRule.locator("figcaption").textContent()).toContain(`${won} won in total`);
    const byRep = await chart("Conversion by rep").locator("tbody tr").allTextContents();
    expect(byRep.some((r) => r.includes(booked[0]!.assignment!.repName))).toBe(true);
    // Every chart has a title and an accessible summary.
    const labels = await page
      .locator("figure.chart svg")
      .evaluateAll((svgs) => svgs.map((s) => s.getAttribute("aria-label") ?? ""));
    expect(labels.length).toBeGreaterThanOrEqual(6);
    for (const l of labels) expect(l.length).toBeGreaterThan(10);
    await screenshot(page, "analytics");
  });
});

describe("the deliveries screen", () => {
  test("lists one lead's notifications and queues a redelivery", async () => {
    const lead = booked[0]!;
    // The queue consumer sends in the background: wait until it has logged the rep's notices.
    const api = await eventually(async () => {
      const answer = await e2e.baton.admin("GET", `/v1/admin/deliveries?leadId=${lead.leadId}`);
      return answer.deliveries.some((d: { event: string }) => d.event === "lead.routed") ? answer : undefined;
    }, "the lead's notifications");
    const page = await openAdmin(e2e, `#/deliveries/${lead.leadId}`);
    const rows = page.getByTestId("deliveries-table").locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(api.deliveries.length);
    await screenshot(page, "deliveries");

    // The rep's "lead routed" notice can be sent again; calendar invites are re-sent by rescheduling.
    const first = api.deliveries.find((d: { event: string }) => d.event === "lead.routed");
    expect(first).toBeDefined();
    const row = page.locator(`tr[data-delivery="${first.id}"]`);
    await row.getByRole("button", { name: "Redeliver" }).click();
    await page.getByText("is queued again").waitFor();
    const audit = await e2e.baton.admin("GET", "/v1/admin/audit");
    expect(JSON.stringify(audit)).toContain(`delivery:${first.id}`);
  });
});
