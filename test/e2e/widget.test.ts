import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const newPage = (viewport?: { width: number; height: number }) => e2e.newPage(viewport && { viewport });

async function openDemo(page: Page): Promise<void> {
  await page.goto(`${e2e.baton.baseUrl}/`);
  await page.getByLabel("Work email").waitFor();
}

/** Playwright's label and role locators pierce open shadow roots, as a visitor's eye does. */
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function fillValidAnswers(page: Page): Promise<void> {
  await field(page, "First name").fill("Ada");
  await field(page, "Last name").fill("Lovelace");
  await field(page, "Work email").fill("ada@analytical.example");
  await field(page, "Company").fill("Analytical Engines");
  await field(page, "Company size").selectOption("500-999");
  await field(page, "Country").selectOption("DE");
}

const SUBMISSIONS = "**/v1/forms/demo/submissions";

describe("the embedded widget on the demo page", () => {
  test("renders the demo form's fields inside a shadow root", async () => {
    const form = await (await fetch(`${e2e.baton.baseUrl}/v1/forms/demo`)).json();
    const visible = form.fields
      .filter((f: { type: string }) => f.type !== "hidden")
      .map((f: { name: string }) => f.name);
    expect(visible).toEqual(
      expect.arrayContaining([
        "first_name",
        "last_name",
        "email",
        "company",
        "employees",
        "country",
        "phone",
        "message",
      ]),
    );
    const { page } = await newPage();
    await openDemo(page);
    await e2e.screenshot(page, "widget-form");

    const dom = await page.evaluate(() => {
      const root = document.querySelector('[data-baton-host="demo"]')?.shadowRoot;
      const controls = Array.from(root?.querySelectorAll<HTMLInputElement>("input, select, textarea") ?? []);
      const honeypot = root?.querySelector(".hp");
      return {
        lightDomControls: document.querySelectorAll("input, select, textarea").length,
        names: controls.map((c) => c.name),
        unlabelled: controls.filter((c) => !root?.querySelector(`label[for="${c.id}"]`)).map((c) => c.name),
        honeypot: honeypot && {
          ariaHidden: honeypot.getAttribute("aria-hidden"),
          right: honeypot.getBoundingClientRect().right,
          tabIndex: honeypot.querySelector("input")?.tabIndex,
        },
      };
    });
    expect(dom.lightDomControls).toBe(0);
    expect(dom.names).toEqual([...visible, form.honeypotField]);
    expect(dom.unlabelled).toEqual([]);
    expect(dom.honeypot).toEqual({ ariaHidden: "true", right: expect.any(Number), tabIndex: -1 });
    expect(dom.honeypot!.right).toBeLessThanOrEqual(0);
  });

  test("blocks an empty submit and shows each required field's error", async () => {
    const { page } = await newPage();
    const sent: string[] = [];
    page.on("request", (req) => req.url().includes("/submissions") && sent.push(req.url()));
    await openDemo(page);

    await page.getByRole("button", { name: "Submit" }).click();
    for (const label of ["First name", "Last name", "Work email", "Company", "Company size", "Country"]) {
      await page.getByText(`${label} is required.`).waitFor({ state: "visible" });
      expect(await field(page, label).getAttribute("aria-invalid")).toBe("true");
    }
    expect(await field(page, "Phone").getAttribute("aria-invalid")).toBeNull();
    expect(await page.getByRole("alert").textContent()).toBe("6 fields need your attention.");
    const focused = await page.evaluate(() =>
      document.querySelector('[data-baton-host="demo"]')?.shadowRoot?.activeElement?.getAttribute("name"),
    );
    expect(focused).toBe("first_name");
    await e2e.screenshot(page, "widget-errors");

    await field(page, "Work email").fill("not-an-email");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.getByText("Enter a valid email address, like name@company.com.").waitFor();
    expect(sent).toEqual([]);
  });

  test("keeps its look when the host page has hostile CSS", async () => {
    const { page } = await newPage();
    await openDemo(page);
    await page.addStyleTag({
      content: `
        * { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; }
        [data-baton-host], form, label, input, select, textarea, button, p { display: none !important; visibility: hidden !important; }
      `,
    });

    const styles = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-baton-host="demo"]')!;
      const label = host.shadowRoot!.querySelector("label")!;
      const input = host.shadowRoot!.querySelector("input")!;
      return {
        page: getComputedStyle(document.querySelector("h1")!).color,
        host: getComputedStyle(host).display,
        label: [getComputedStyle(label).color, getComputedStyle(label).fontSize],
        input: [getComputedStyle(input).display, input.getBoundingClientRect().height > 0],
      };
    });
    expect(styles.page).toBe("rgb(255, 0, 0)"); // the hostile sheet is live on the page itself
    expect(styles.host).toBe("block");
    expect(styles.label[0]).not.toBe("rgb(255, 0, 0)");
    expect(styles.label[1]).not.toBe("40px");
    expect(styles.input).toEqual(["block", true]);
    expect(await field(page, "First name").isVisible()).toBe(true);
  });

  test.each([
    [
      "answers 500",
      (route: import("playwright-core").Route) =>
        route.fulfill({ status: 500, json: { error: { code: "internal_error", message: "boom" } } }),
    ],
    ["is unreachable", (route: import("playwright-core").Route) => route.abort("connectionrefused")],
  ])("leaves the page working when Baton %s", async (_, handler) => {
    const { page, errors } = await newPage();
    // The definition request carries the visitor's languages as a query (see widget/src/i18n.ts).
    await page.route(/\/v1\/forms\/demo(\?|$)/, handler);
    await page.goto(`${e2e.baton.baseUrl}/`);

    await page.getByText("This form couldn't load right now. Please try again later.").waitFor();
    expect(errors).toEqual([]);
    expect(await page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Request a demo" }).click();
    expect(new URL(page.url()).hash).toBe("#demo");
  });

  test("posts the answers with page context and confirms with the form's message", async () => {
    const { page } = await newPage();
    let body: any;
    await page.route(SUBMISSIONS, async (route) => {
      body = route.request().postDataJSON();
      const assignment = {
        repId: "rep-dana",
        repName: "Dana Whitfield",
        teamId: "sdr-na",
        ruleId: "fallback",
      };
      await route.fulfill({
        status: 201,
        json: {
          leadId: "lead_1",
          status: "assigned",
          assignment,
          slots: [],
          bookingToken: "t",
          message: "Thanks! Dana Whitfield will reach out within one business day.",
        },
      });
    });
    await openDemo(page);
    await fillValidAnswers(page);
    await page.getByRole("button", { name: "Submit" }).click();

    await page.getByText("Thanks! Dana Whitfield will reach out within one business day.").waitFor();
    await e2e.screenshot(page, "widget-thanks");
    expect(body).toEqual({
      fields: {
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada@analytical.example",
        company: "Analytical Engines",
        employees: "500-999",
        country: "DE",
      },
      context: { pageUrl: `${e2e.baton.baseUrl}/`, referrer: "" },
    });
  });

  test("says so plainly when the submission fails, and keeps the answers", async () => {
    const { page, errors } = await newPage();
    await page.route(SUBMISSIONS, (route) =>
      route.fulfill({ status: 404, json: { error: { code: "not_found", message: "No route" } } }),
    );
    await openDemo(page);
    await fillValidAnswers(page);
    await page.getByRole("button", { name: "Submit" }).click();

    await page.getByText("We couldn't submit right now. Please try again in a moment.").waitFor();
    expect(await field(page, "Work email").inputValue()).toBe("ada@analytical.example");
    expect(await page.getByRole("button", { name: "Submit" }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  test("fits a 360px-wide phone screen", async () => {
    const { page } = await newPage({ width: 360, height: 800 });
    await openDemo(page);
    const layout = await page.evaluate(() => {
      const root = document.querySelector('[data-baton-host="demo"]')!.shadowRoot!;
      const boxes = Array.from(
        root.querySelectorAll("input:not([tabindex='-1']), select, textarea, button"),
        (e) => e.getBoundingClientRect(),
      );
      return {
        pageWidth: document.documentElement.scrollWidth,
        left: Math.min(...boxes.map((b) => b.left)),
        right: Math.max(...boxes.map((b) => b.right)),
      };
    });
    expect(layout.pageWidth).toBeLessThanOrEqual(360);
    expect(layout.left).toBeGreaterThanOrEqual(0);
    expect(layout.right).toBeLessThanOrEqual(360);
  });

  test("announces itself with a baton:ready event and window.Baton", async () => {
    const { page } = await newPage();
    await page.addInitScript(() => {
      document.addEventListener(
        "baton:ready",
        (e) => ((window as any).batonReady = (e as CustomEvent).detail),
      );
    });
    await openDemo(page);
    await page.waitForFunction(() => (window as any).batonReady);
    expect(await page.evaluate(() => (window as any).batonReady)).toEqual({ formId: "demo" });
    expect(await page.evaluate(() => (window as any).Baton?.version)).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
