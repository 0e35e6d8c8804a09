/**
 * Shared by the attach-mode browser tests: host pages served on Baton's origin (page.route),
 * with Baton's real widget.js listening to a form the page already has. Baton, Chromium and
 * screenshots come from the shared harness (./harness.ts).
 */
import type { Page, Request } from "playwright-core";
import { expect } from "vitest";
import { recordBatonEvents, type BatonBrowser } from "./harness";

// A 1×1 PNG standing in for the reps' portraits (the machine has no internet).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=",
  "base64",
);

export type HostPage = { page: Page; errors: string[]; submissions: Request[]; posted: string[] };

/**
 * A page at `path` on Baton's origin with `body` as its HTML, Baton's real widget.js, a
 * recorded list of submissions to Baton and of bodies posted to the host's own `/host/thanks`.
 */
export async function hostPage(
  e2e: BatonBrowser,
  path: string,
  body: string,
  photo: "served" | "broken" = "served",
): Promise<HostPage> {
  const { page, errors } = await e2e.newPage();
  const submissions: Request[] = [];
  const posted: string[] = [];
  page.on("request", (req) => req.url().endsWith("/submissions") && submissions.push(req));
  await page.route("https://i.pravatar.cc/**", (route) =>
    photo === "served" ? route.fulfill({ contentType: "image/png", body: PNG }) : route.abort("failed"),
  );
  await page.route(`${e2e.baton.baseUrl}/host/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === path)
      return route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><body>${body}</body></html>`,
      });
    if (route.request().method() === "POST") posted.push(route.request().postData() ?? "");
    return route.fulfill({ contentType: "text/html", body: `<h1>Host thank-you page ${url.pathname}</h1>` });
  });
  await recordBatonEvents(page);
  await page.goto(`${e2e.baton.baseUrl}${path}`);
  await page.waitForFunction(() => (window as any).Baton);
  return { page, errors, submissions, posted };
}

/** Baton's script tag attaching the demo form to `attach`, with `extra` attributes. */
export const tag = (attach: string, extra = "") =>
  `<script src="/widget.js" data-baton-form="demo" data-baton-attach='${attach}' ${extra} async></script>`;

let leads = 0;
export const freshEmail = () => `grace.${Date.now()}.${++leads}@navy.example`;
export const dialog = (page: Page) => page.getByRole("dialog");
export const events = (page: Page) =>
  page.evaluate(() => (window as any).batonEvents.map((e: any) => e.type));

/** Baton's answer to the page's submission, and the lead as Baton stored it. */
export async function routed(e2e: BatonBrowser, page: Page) {
  const res = await page.waitForResponse((r) => r.url().endsWith("/submissions"));
  expect(res.status()).toBe(201);
  const body = await res.json();
  const stored = await e2e.baton.admin("GET", `/v1/admin/leads/${body.leadId}`);
  return { body, stored: stored.lead };
}

/** A plain HTML contact form that posts to the host's `/host/thanks` and counts its submits. */
export const PLAIN = `
  <h1>Talk to sales</h1>
  <form id="contact" action="/host/thanks" method="post">
    <label>First name <input name="first_name" value="Grace"></label>
    <label>Last name <input name="last_name" value="Hopper"></label>
    <label>Email <input name="work_email" id="email"></label>
    <label>Organisation <input name="org" data-baton-field="company" value="Navy Labs"></label>
    <label>Size <select name="employees"><option>1-49</option><option selected>500-999</option></select></label>
    <label>Country <input name="country" value="DE"></label>
    <label>Password <input type="password" name="pw" value="hunter2"></label>
    <button name="intent" value="demo">Send</button>
  </form>
  <script>
    window.hostSubmits = 0;
    document.getElementById("contact").addEventListener("submit", () => window.hostSubmits++);
  </script>`;
