/**
 * The visitor's hosted booking page in Chromium: from the widget's confirmation link to a
 * reschedule and a cancel, with the rep's calendar side (builtin invites in the dev outbox)
 * and the webhooks following; then the same on a browser with JavaScript off.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const ZONE = "America/New_York";
let hookId = "";
let leads = 0;

beforeAll(async () => {
  // Any public https endpoint: the test reads the stored messages, not what arrived.
  const hook = await e2e.baton.admin("POST", "/v1/admin/webhooks", {
    url: "https://hooks.example.com/baton",
    eventTypes: ["meeting.booked", "meeting.canceled"],
  });
  hookId = hook.id;
});

const answers = () => ({
  first_name: "Ada",
  last_name: "Lovelace",
  email: `ada.page.${Date.now()}.${++leads}@analytical.example`,
  company: "Analytical Engines",
  employees: "500-999",
  country: "DE",
});

/** Submits and books the first slot through the API; the booking's 201 body. */
async function bookByApi(): Promise<{ bookingId: string; manageUrl: string; start: string }> {
  const base = e2e.baton.baseUrl;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const lead = await post("/v1/forms/demo/submissions", { fields: answers(), context: { pageUrl: base } });
  return post(`/v1/leads/${lead.leadId}/bookings`, {
    start: lead.slots[0].start,
    bookingToken: lead.bookingToken,
    timezone: ZONE,
  });
}

/** Books through the widget on the demo page; the confirmation's manage link. */
async function bookInWidget(page: Page): Promise<string> {
  await page.goto(`${e2e.baton.baseUrl}/`);
  const a = answers();
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field("First name").fill(a.first_name);
  await field("Last name").fill(a.last_name);
  await field("Work email").fill(a.email);
  await field("Company").fill(a.company);
  await field("Company size").selectOption(a.employees);
  await field("Country").selectOption(a.country);
  await page.getByRole("button", { name: "Submit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.locator("button.slot").first().click();
  const link = dialog.getByRole("link", { name: "Reschedule or cancel" });
  await link.waitFor();
  return (await link.getAttribute("href"))!;
}

const outbox = async (bookingIds: string[]) => {
  const { emails } = await e2e.baton.admin("GET", "/v1/admin/outbox");
  return (emails as { messageId: string; ics: string | null; text: string }[]).filter((m) =>
    bookingIds.some((id) => m.messageId.startsWith(`${id}@baton`)),
  );
};
/** Webhook messages stored since `since` (the tests in this file run one at a time). */
const webhookEvents = async (since: number) => {
  const { messages } = await e2e.baton.admin("GET", `/v1/admin/webhooks/${hookId}/deliveries`);
  return (messages as { eventType: string; createdAt: number }[])
    .filter((m) => m.createdAt >= since)
    .map((m) => m.eventType)
    .toSorted();
};
const bookingIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;

/** Moves the meeting to the page's third time, then cancels it with a reason. */
async function rescheduleThenCancel(page: Page, manageUrl: string, since: number) {
  const first = bookingIdOf(manageUrl);
  await page.goto(manageUrl);
  await page.getByRole("heading", { level: 1, name: /Your meeting with/ }).waitFor();
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  const slot = page.locator("button.slot").nth(2);
  const label = (await slot.getAttribute("aria-label"))!;
  await Promise.all([page.waitForURL(/done=moved/), slot.click()]);
  await page.getByText("Your meeting was moved.").waitFor();
  const [day] = label.split(", ");
  expect(await page.locator(".when").textContent()).toContain(day);
  const second = bookingIdOf(page.url());
  expect(second).not.toBe(first);

  await page.getByLabel("Reason (optional)").fill("مرحبا — plans changed");
  await Promise.all([
    page.waitForURL(/done=canceled/),
    page.getByRole("button", { name: "Cancel meeting" }).click(),
  ]);
  await page.getByText("Your meeting was canceled.").waitFor();
  await page.getByRole("link", { name: "Book a new time" }).waitFor();

  // The calendar side: one event, moved (same UID, SEQUENCE 1), then cancelled (SEQUENCE 2).
  // The queue delivers the invites after the answer: wait for the last one.
  const sent = async () => {
    const found = await outbox([first]);
    return [
      ...new Set(
        found.map(
          (m) => `${/METHOD:(\w+)/.exec(m.ics ?? "")?.[1]}:${/SEQUENCE:(\d+)/.exec(m.ics ?? "")?.[1]}`,
        ),
      ),
    ].toSorted();
  };
  await expect.poll(sent, { timeout: 10_000 }).toEqual(["CANCEL:2", "REQUEST:0", "REQUEST:1"]);
  const mails = await outbox([first]);
  const invite = mails.find((m) => /SEQUENCE:0/.test(m.ics ?? ""))!;
  expect(invite.text).toContain("Reschedule or cancel: ");
  expect(invite.text).toMatch(/UTC/);
  // Webhooks: booked; the move as canceled + booked; the cancel.
  await expect
    .poll(() => webhookEvents(since), { timeout: 10_000 })
    .toEqual(["meeting.booked", "meeting.booked", "meeting.canceled", "meeting.canceled"]);
}

describe("hosted booking page", () => {
  test("opens from the widget's confirmation, reschedules, then cancels", async () => {
    const { page, errors } = await e2e.newPage({ timezoneId: ZONE });
    const since = Date.now();
    const manageUrl = await bookInWidget(page);
    expect(new URL(manageUrl).pathname).toMatch(/^\/b\//);
    await rescheduleThenCancel(page, manageUrl, since);
    await e2e.screenshot(page, "booking-page-canceled");
    expect(errors).toEqual([]);
  });

  test("works the same with JavaScript disabled", async () => {
    const { page } = await e2e.newPage({ timezoneId: ZONE, javaScriptEnabled: false });
    const since = Date.now();
    const booked = await bookByApi();
    await rescheduleThenCancel(page, booked.manageUrl, since);
  });

  test("says clearly that a tampered link does not work", async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false });
    const booked = await bookByApi();
    const res = await page.goto(`${booked.manageUrl.slice(0, -3)}abc`);
    expect(res?.status()).toBe(403);
    await page.getByRole("heading", { name: "This link doesn't work" }).waitFor();
  });
});
