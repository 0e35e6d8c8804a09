import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { recordBatonEvents, useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();

type Slot = { start: string; end: string };
const ZONE = "America/New_York";
const SUBMISSIONS = "**/v1/forms/demo/submissions";
const BOOKINGS = "**/v1/leads/*/bookings";

/** A page in a fixed zone that records uncaught errors and every `baton:*` event on window. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await e2e.newPage({ timezoneId: ZONE });
  await recordBatonEvents(page);
  return { page, errors };
}

let leads = 0;
const freshEmail = () => `ada.${Date.now()}.${++leads}@analytical.example`;
const answers = (email: string) => ({
  first_name: "Ada",
  last_name: "Lovelace",
  email,
  company: "Analytical Engines",
  employees: "500-999",
  country: "DE",
});

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Fills the demo form already on `page` with a new lead and submits it. */
async function fillAndSubmit(page: Page): Promise<void> {
  const a = answers(freshEmail());
  await field(page, "First name").fill(a.first_name);
  await field(page, "Last name").fill(a.last_name);
  await field(page, "Work email").fill(a.email);
  await field(page, "Company").fill(a.company);
  await field(page, "Company size").selectOption(a.employees);
  await field(page, "Country").selectOption(a.country);
  await page.getByRole("button", { name: "Submit" }).click();
}

/** Opens the demo page, submits a new lead; resolves with Baton's real 201 body and its D1 bookmark. */
async function submitFreshLead(
  page: Page,
): Promise<{ leadId: string; slots: Slot[]; assignment: any; bookmark?: string }> {
  await page.goto(`${e2e.baton.baseUrl}/`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/submissions") && r.request().method() === "POST"),
    fillAndSubmit(page),
  ]);
  expect(response.status()).toBe(201);
  return { ...(await response.json()), bookmark: response.headers()["x-d1-bookmark"] };
}

/** The accessible name the widget gives a slot button, computed independently in `zone`. */
function slotName(slot: Slot, zone: string): string {
  const at = new Date(slot.start);
  const day = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    weekday: "long",
    month: "long",
    day: "numeric",
  });
  const time = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" });
  return `${day.format(at)}, ${time.format(at)}`;
}

/** `2025-01-01T09:00:00.000Z` → `20250101T090000Z`, as calendars take it. */
const compact = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const slotButtons = (page: Page) => page.getByRole("dialog").locator("button.slot");
const events = (page: Page) =>
  page.evaluate(() => (window as any).batonEvents as { type: string; detail: any }[]);

/** What has focus inside the widget's shadow root, described for assertions. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-baton-host="demo"]')?.shadowRoot?.activeElement;
    return { inDialog: !!el?.closest('[role="dialog"]'), tag: el?.tagName, text: el?.textContent ?? "" };
  });

describe("booking from the demo page", () => {
  test("routes, shows slots by day in the visitor's zone, books the first and offers add-to-calendar", async () => {
    const { page, errors } = await newPage();
    const result = await submitFreshLead(page);
    expect(result.assignment).not.toBeNull();
    expect(result.slots.length).toBeGreaterThan(0);

    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Book a time with ${result.assignment.repName}`).waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.getByLabel("Time zone").inputValue()).toBe(ZONE);
    const groups = await dialog
      .getByRole("group")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    const expectedDays = [
      ...new Set(result.slots.map((s) => slotName(s, ZONE).split(", ").slice(0, 2).join(", "))),
    ];
    expect(groups).toEqual(expectedDays);
    expect(await slotButtons(page).first().getAttribute("aria-label")).toBe(slotName(result.slots[0]!, ZONE));
    await e2e.screenshot(page, "booking-slots");

    await dialog.getByLabel("Time zone").selectOption("Asia/Tokyo");
    expect(await slotButtons(page).first().getAttribute("aria-label")).toBe(
      slotName(result.slots[0]!, "Asia/Tokyo"),
    );

    // The widget hands D1's bookmark on: submission answer → slots GET → booking POST.
    const [more] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/slots?")),
      dialog.getByRole("button", { name: "More days" }).click(),
    ]);
    expect(result.bookmark).toBeTruthy();
    expect(new URL(more.url()).searchParams.get("bookmark")).toBe(result.bookmark);
    const [booked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/bookings")),
      slotButtons(page).first().click(),
    ]);
    expect(booked.status()).toBe(201);
    expect(booked.request().headers()["x-d1-bookmark"]).toBe(more.headers()["x-d1-bookmark"]);
    expect(booked.request().postDataJSON()).toMatchObject({
      start: result.slots[0]!.start,
      timezone: "Asia/Tokyo",
    });
    const booking = await booked.json();
    await dialog.getByText(`You're booked with ${result.assignment.repName}`).waitFor();
    await e2e.screenshot(page, "booking-confirmation");

    // The calendar links come with the booking answer; Baton builds the event (and its UID,
    // the same as the emailed invite's) server-side.
    const googleHref = await dialog
      .getByRole("link", { name: "Add to Google Calendar" })
      .getAttribute("href");
    expect(googleHref).toBe(booking.googleCalendarUrl);
    const toGoogle = await page.request.get(googleHref!, { maxRedirects: 0 });
    expect(toGoogle.status()).toBe(302);
    const google = new URL(toGoogle.headers()["location"]!);
    expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(google.searchParams.get("action")).toBe("TEMPLATE");
    expect(google.searchParams.get("dates")).toBe(`${compact(booking.start)}/${compact(booking.end)}`);
    const icsHref = await dialog.getByRole("link", { name: "Download .ics file" }).getAttribute("href");
    expect(icsHref).toBe(booking.icsUrl);
    const icsFile = await page.request.get(icsHref!);
    expect(icsFile.headers()["content-type"]).toMatch(/^text\/calendar/);
    const icsText = await icsFile.text();
    expect(icsText).toContain(`UID:${booking.bookingId}@baton\r\n`);
    expect(icsText).toContain(`DTSTART:${compact(booking.start)}\r\n`);

    expect(await events(page)).toEqual([
      {
        type: "baton:routed",
        detail: { formId: "demo", leadId: result.leadId, repName: result.assignment.repName },
      },
      {
        type: "baton:booked",
        detail: { formId: "demo", bookingId: booking.bookingId, start: booking.start },
      },
    ]);

    // The booking is real: another lead routed to the same rep cannot take that time.
    const res = await fetch(`${e2e.baton.baseUrl}/v1/forms/demo/submissions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        fields: answers(freshEmail()),
        context: { pageUrl: e2e.baton.baseUrl, referrer: "" },
      }),
    });
    const other = await res.json();
    expect(other.assignment?.repId).toBe(result.assignment.repId);
    const again = await fetch(`${e2e.baton.baseUrl}/v1/leads/${other.leadId}/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ start: booking.start, bookingToken: other.bookingToken }),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("slot_unavailable");

    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByText("You're booked!").waitFor();
    expect(errors).toEqual([]);
  });

  test("a slot taken meanwhile (409) refreshes the times and says why", async () => {
    const { page } = await newPage();
    let fresh: Slot[] = [];
    await page.route(
      BOOKINGS,
      (route) =>
        route.fulfill({
          status: 409,
          json: { error: { code: "slot_unavailable", message: "Taken", details: { slots: fresh } } },
        }),
      { times: 1 },
    );
    const result = await submitFreshLead(page);
    fresh = result.slots.slice(1);
    await slotButtons(page).first().waitFor();
    await slotButtons(page).first().click();

    await page.getByText("That time was just taken — here are the latest times.").waitFor();
    await e2e.screenshot(page, "booking-409");
    expect(await slotButtons(page).first().getAttribute("aria-label")).toBe(slotName(fresh[0]!, ZONE));
    expect(await slotButtons(page).count()).toBe(fresh.length);

    await slotButtons(page).first().click();
    await page.getByText(`You're booked with ${result.assignment.repName}`).waitFor();
  });

  test("keeps Tab inside the dialog, closes on Escape back to the button, and books by keyboard", async () => {
    const { page } = await newPage();
    await submitFreshLead(page);
    await slotButtons(page).first().waitFor();
    const stops =
      (await page.getByRole("dialog").locator("button:not([disabled]), select, a[href]").count()) + 2;
    for (let i = 0; i < stops; i++) {
      await page.keyboard.press(i % 3 === 2 ? "Shift+Tab" : "Tab");
      expect((await focused(page)).inDialog).toBe(true);
    }

    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toEqual({ inDialog: false, tag: "BUTTON", text: "Choose a time" });
    expect((await events(page)).map((e) => e.type)).toEqual(["baton:routed", "baton:closed"]);

    await page.keyboard.press("Enter");
    await slotButtons(page).first().waitFor();
    while (
      (await page.evaluate(
        () => document.querySelector('[data-baton-host="demo"]')?.shadowRoot?.activeElement?.className,
      )) !== "slot"
    )
      await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByText("You're booked with").waitFor();
  });

  test("shows the form's message when nobody can be booked", async () => {
    const { page } = await newPage();
    await page.route(SUBMISSIONS, (route) =>
      route.fulfill({
        status: 201,
        json: {
          leadId: "lead_x",
          status: "assigned",
          assignment: null,
          slots: [],
          bookingToken: "t",
          message: "Ana will contact you within 5 minutes.",
        },
      }),
    );
    await page.goto(`${e2e.baton.baseUrl}/`);
    await fillAndSubmit(page);
    await page.getByText("Ana will contact you within 5 minutes.").waitFor();
    await e2e.screenshot(page, "booking-no-slot");
    expect(await page.getByRole("dialog").count()).toBe(0);
  });

  test("puts the server's 422 errors on their fields", async () => {
    const { page } = await newPage();
    await page.route(SUBMISSIONS, (route) =>
      route.fulfill({
        status: 422,
        json: {
          error: {
            code: "validation_failed",
            message: "Invalid",
            details: { errors: [{ path: ["fields", "email"], message: "Use your work email." }] },
          },
        },
      }),
    );
    await page.goto(`${e2e.baton.baseUrl}/`);
    await fillAndSubmit(page);
    await page.getByText("Use your work email.").waitFor();
    expect(await field(page, "Work email").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("alert").first().textContent()).toBe("1 field needs your attention.");
  });

  test("retries a dropped connection with backoff, then gives up with a clear message", async () => {
    const { page, errors } = await newPage();
    const attempts: number[] = [];
    await page.route(SUBMISSIONS, (route) => {
      attempts.push(Date.now());
      return route.abort("connectionreset");
    });
    await page.goto(`${e2e.baton.baseUrl}/`);
    await fillAndSubmit(page);
    await page.getByText("We couldn't reach our server. Check your connection and try again.").waitFor();
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(450);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(950);
    expect(errors).toEqual([]);
  });

  test("Baton.open prefills the hosted form", async () => {
    const { page } = await newPage();
    await page.goto(`${e2e.baton.baseUrl}/`);
    await field(page, "Work email").waitFor();
    await page.evaluate(() =>
      (window as any).Baton.open({ form: "demo", fields: { email: "grace@navy.example", company: "Navy" } }),
    );
    await expect.poll(() => field(page, "Work email").inputValue()).toBe("grace@navy.example");
    expect(await field(page, "Company").inputValue()).toBe("Navy");
  });
});
