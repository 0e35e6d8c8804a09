/**
 * The widget in the visitor's language, in Chromium: a form set to German books end to end in
 * German (the texts arrive with the form definition, widget.js carries English only); a form
 * set to "browser" follows the browser's French; and right-to-left text typed into a field runs
 * right to left.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();

/** Publishes the demo config with the demo form's language set to `language`. */
async function publishLanguage(language: string) {
  const config = structuredClone(demoConfig) as any;
  config.forms[0].language = language;
  await e2e.baton.admin("POST", "/v1/admin/config/versions?publish=true", config);
}

async function fillDemo(page: Page) {
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field("First name").fill("Ada");
  await field("Last name").fill("Lovelace");
  await field("Work email").fill(`ada.i18n.${Date.now()}@analytical.example`);
  await field("Company").fill("Analytical Engines");
  await field("Company size").selectOption("500-999");
  await field("Country").selectOption("DE");
}

describe("the widget in the visitor's language", () => {
  beforeAll(() => publishLanguage("de"));

  test("a German form validates, books and confirms in German, and its booking page is German", async () => {
    const { page, errors } = await e2e.newPage({ locale: "en-US", timezoneId: "Europe/Berlin" });
    const [definition] = await Promise.all([
      page.waitForResponse((r) => /\/v1\/forms\/demo\?/.test(r.url())),
      page.goto(`${e2e.baton.baseUrl}/`),
    ]);
    expect((await definition.json()).language).toBe("de");

    await page.getByRole("button", { name: "Absenden" }).click();
    await page.getByText("First name ist ein Pflichtfeld.").waitFor();

    await fillDemo(page);
    await page.getByRole("button", { name: "Absenden" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/^Termin mit .+ buchen$/).waitFor();
    // Dates through Intl in German: the day labels name German weekdays.
    expect(await dialog.locator(".day-label").first().textContent()).toMatch(
      /Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag/,
    );
    await dialog.locator("button.slot").first().click();
    const manage = dialog.getByRole("link", { name: "Verschieben oder absagen" });
    await manage.waitFor();
    await dialog.getByRole("link", { name: "Zu Google Kalender hinzufügen" }).waitFor();
    await e2e.screenshot(page, "widget-german-booked");

    await page.goto((await manage.getAttribute("href"))!);
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(errors).toEqual([]);
  });

  test("a \"browser\" form follows the browser's language, and the embed's data-baton-lang wins", async () => {
    await publishLanguage("browser");
    const { page } = await e2e.newPage({ locale: "fr-FR" });
    await page.goto(`${e2e.baton.baseUrl}/`);
    await page.getByRole("button", { name: "Envoyer" }).waitFor();

    // The same page with the tag saying data-baton-lang="es".
    const { page: es } = await e2e.newPage({ locale: "fr-FR" });
    await es.route(`${e2e.baton.baseUrl}/`, async (route) => {
      const html = await (await route.fetch()).text();
      await route.fulfill({
        contentType: "text/html",
        body: html.replace(
          '<script src="/widget.js" data-baton-form="demo"',
          '<script src="/widget.js" data-baton-form="demo" data-baton-lang="es"',
        ),
      });
    });
    await es.goto(`${e2e.baton.baseUrl}/`);
    await es.getByRole("button", { name: "Enviar" }).waitFor();
  });

  test("right-to-left text in a field runs right to left, Latin text left to right", async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${e2e.baton.baseUrl}/`);
    const company = page.getByLabel("Company", { exact: true });
    await company.fill("شركة المحركات");
    expect(await company.evaluate((el) => el.matches(":dir(rtl)"))).toBe(true);
    await company.fill("Analytical Engines");
    expect(await company.evaluate((el) => el.matches(":dir(ltr)"))).toBe(true);
  });
});
