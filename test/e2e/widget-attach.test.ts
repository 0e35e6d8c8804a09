/**
 * Attach mode in real Chromium against a real Baton: the widget listens to a form the page
 * already has (plain HTML, a HubSpot embed, a Marketo form), sends the lead, opens the booking
 * dialog and lets the page's own submission go on. The host pages are served from the test
 * (page.route on Baton's origin), so the demo site stays as a marketer would have it; the
 * HubSpot and Marketo stand-ins speak the shapes those vendors document.
 */
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { launchChromium } from "./browser";
import { startBaton, type Baton } from "./server";

let baton: Baton;
let browser: Browser;
const contexts: BrowserContext[] = [];
let photos: Record<string, string | undefined> = {};

beforeAll(async () => {
  [baton, browser] = await Promise.all([startBaton(), launchChromium()]);
  const { config } = await baton.admin("GET", "/v1/admin/config");
  photos = Object.fromEntries(config.reps.map((r: any) => [r.id, r.photoUrl]));
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await baton?.stop();
});

// A 1×1 PNG standing in for the reps' portraits (the machine has no internet).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=",
  "base64",
);

type HostPage = { page: Page; errors: string[]; submissions: Request[]; posted: string[] };

/**
 * A page at `path` on Baton's origin with `body` as its HTML, Baton's real widget.js, a
 * recorded list of submissions to Baton and of bodies posted to the host's own `/host/thanks`.
 */
async function hostPage(
  path: string,
  body: string,
  photo: "served" | "broken" = "served",
): Promise<HostPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  const submissions: Request[] = [];
  const posted: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("request", (req) => req.url().endsWith("/submissions") && submissions.push(req));
  await page.route("https://i.pravatar.cc/**", (route) =>
    photo === "served" ? route.fulfill({ contentType: "image/png", body: PNG }) : route.abort("failed"),
  );
  await page.route(`${baton.baseUrl}/host/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === path)
      return route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><body>${body}</body></html>`,
      });
    if (route.request().method() === "POST") posted.push(route.request().postData() ?? "");
    return route.fulfill({ contentType: "text/html", body: `<h1>Host thank-you page ${url.pathname}</h1>` });
  });
  await page.addInitScript(() => {
    const seen: { type: string; detail: any }[] = ((window as any).batonEvents = []);
    for (const type of ["baton:routed", "baton:booked", "baton:closed"])
      window.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  });
  await page.goto(`${baton.baseUrl}${path}`);
  await page.waitForFunction(() => (window as any).Baton);
  return { page, errors, submissions, posted };
}

const tag = (attach: string, extra = "") =>
  `<script src="/widget.js" data-baton-form="demo" data-baton-attach='${attach}' ${extra} async></script>`;

let leads = 0;
const freshEmail = () => `grace.${Date.now()}.${++leads}@navy.example`;
const dialog = (page: Page) => page.getByRole("dialog");
const events = (page: Page) => page.evaluate(() => (window as any).batonEvents.map((e: any) => e.type));

/** Baton's answer to the page's submission, and the lead as Baton stored it. */
async function routed(page: Page) {
  const res = await page.waitForResponse((r) => r.url().endsWith("/submissions"));
  expect(res.status()).toBe(201);
  const body = await res.json();
  const stored = await baton.admin("GET", `/v1/admin/leads/${body.leadId}`);
  return { body, stored: stored.lead };
}

const PLAIN = `
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

describe("attach mode", () => {
  test("a plain form: the lead is stored, the dialog shows the rep, then the form posts as before", async () => {
    const { page, errors, posted } = await hostPage(
      "/host/plain",
      PLAIN + tag("#contact", `data-baton-map='{"work_email":"email"}'`),
    );
    const email = freshEmail();
    await page.fill("#email", email);
    const [{ body, stored }] = await Promise.all([routed(page), page.click("button")]);

    expect(stored.fields).toEqual({
      first_name: "Grace",
      last_name: "Hopper",
      email,
      company: "Navy Labs",
      employees: "500-999",
      country: "DE",
    });
    expect(JSON.stringify(stored)).not.toContain("hunter2");
    expect(body.assignment.repPhotoUrl).toBe(photos[body.assignment.repId] ?? null);
    await dialog(page).getByText(`Book a time with ${body.assignment.repName}`).waitFor();
    const avatar = dialog(page).locator("img.avatar");
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await avatar.getAttribute("src")).toBe(body.assignment.repPhotoUrl);
    await page.screenshot({ path: "/tmp/baton-attach-plain.png" });
    // Held: the host's handler ran once, and the browser has not left the page.
    expect(await page.evaluate(() => (window as any).hostSubmits)).toBe(1);
    expect(posted).toEqual([]);

    await page.keyboard.press("Escape");
    await page.getByText("Host thank-you page /host/thanks").waitFor();
    const sent = new URLSearchParams(posted[0]);
    expect(sent.get("work_email")).toBe(email);
    expect(sent.get("intent")).toBe("demo");
    expect(posted).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test("a HubSpot embed: legacy hsFormCallback messages, filtered by form id", async () => {
    const email = freshEmail();
    const fields = [
      { name: "firstname", value: "Grace" },
      { name: "lastname", value: "Hopper" },
      { name: "email", value: email },
      { name: "company", value: "Navy Labs" },
      { name: "numemployees", value: "500-999" },
      { name: "country", value: "DE" },
    ];
    // What HubSpot's embed does on a successful submit: onFormSubmit with the field list, then
    // onFormSubmitted; its own thank-you message replaces the form.
    const html = `
      <div id="hs"><form id="hsForm"><button>Submit</button></form></div>
      <script>
        const post = (id, eventName, data) => window.postMessage({ type: "hsFormCallback", eventName, id, data }, "*");
        document.getElementById("hsForm").addEventListener("submit", (e) => {
          e.preventDefault();
          const fields = ${JSON.stringify(fields)};
          post("other-form", "onFormSubmitted", { submissionValues: { email: "someone@else.example" } });
          post("hs-guid-1", "onFormSubmit", fields);
          post("hs-guid-1", "onFormSubmitted", { redirectUrl: "" });
          document.getElementById("hs").textContent = "Thanks for submitting the form.";
        });
      </script>`;
    const { page, errors, submissions } = await hostPage(
      "/host/hubspot",
      html + tag("hubspot:hs-guid-1", `data-baton-map='{"numemployees":"employees"}'`),
      "broken",
    );
    const [{ body, stored }] = await Promise.all([routed(page), page.click("button")]);
    expect(stored.email).toBe(email);
    expect(stored.fields).toMatchObject({ first_name: "Grace", employees: "500-999", country: "DE" });
    await page.getByText("Thanks for submitting the form.").waitFor();

    // The photo fails to load, so the rep's initials stand in.
    const initials = body.assignment.repName
      .split(/\s+/)
      .map((w: string) => w[0])
      .join("")
      .slice(0, 2)
      .toUpperCase();
    await expect.poll(() => dialog(page).locator(".avatar").textContent()).toBe(initials);
    await page.screenshot({ path: "/tmp/baton-attach-hubspot.png" });
    await dialog(page).locator("button.slot").first().click();
    await dialog(page).getByText(`You're booked with ${body.assignment.repName}`).waitFor();
    await dialog(page).getByRole("button", { name: "Done" }).click();
    await dialog(page).waitFor({ state: "detached" });
    expect(await events(page)).toEqual(["baton:routed", "baton:booked", "baton:closed"]);
    expect(submissions).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test("a HubSpot form from the new editor: hs-form-event:on-submission:success", async () => {
    const email = freshEmail();
    // The new embed's API: the event names the form; its values come as `objectTypeId/name`.
    const html = `
      <form id="hsForm"><button>Submit</button></form>
      <script>
        window.HubSpotFormsV4 = {
          getFormFromEvent: () => ({
            getFormFieldValues: async () => [
              { name: "0-1/firstname", value: "Grace" },
              { name: "0-1/lastname", value: "Hopper" },
              { name: "0-1/email", value: "${email}" },
              { name: "0-1/company", value: "Navy Labs" },
              { name: "0-1/employees", value: "500-999" },
              { name: "0-1/country", value: "DE" },
            ],
          }),
        };
        document.getElementById("hsForm").addEventListener("submit", (e) => {
          e.preventDefault();
          window.dispatchEvent(new CustomEvent("hs-form-event:on-submission:success", { detail: { formId: "hs-guid-2", instanceId: "1" } }));
        });
      </script>`;
    const { page, errors } = await hostPage("/host/hubspot-v4", html + tag("hubspot"));
    const [{ stored }] = await Promise.all([routed(page), page.click("button")]);
    expect(stored.fields).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
      email,
      company: "Navy Labs",
    });
    await dialog(page).locator("button.slot").first().waitFor();
    expect(errors).toEqual([]);
  });

  test("a Marketo form: onSuccess holds the follow-up page until the dialog closes", async () => {
    const email = freshEmail();
    // Forms 2.0 as Marketo documents it: whenReady hands over each form; onSuccess callbacks get
    // (values, followUpUrl), and returning false keeps the visitor on the page. The library
    // arrives after the widget, as an async Marketo tag would.
    const html = `
      <form id="mktoForm_1057"><button>Submit</button></form>
      <script>
        setTimeout(() => {
          const handlers = [];
          const form = { getId: () => 1057, onSuccess: (fn) => handlers.push(fn) };
          window.MktoForms2 = { whenReady: (cb) => cb(form) };
          form.onSuccess(() => { window.ownHandlerRan = true; });
          document.getElementById("mktoForm_1057").addEventListener("submit", (e) => {
            e.preventDefault();
            const values = { FirstName: "Grace", LastName: "Hopper", Email: "${email}", Company: "Navy Labs",
              NumberOfEmployees: "500-999", Country: "DE" };
            const results = handlers.map((fn) => fn(values, "/host/mkto-thanks"));
            if (!results.includes(false)) location.href = "/host/mkto-thanks";
          });
        }, 400);
      </script>`;
    const { page, errors } = await hostPage(
      "/host/marketo",
      html + tag("marketo:1057", `data-baton-map='{"NumberOfEmployees":"employees"}'`),
    );
    await page.waitForFunction(() => (window as any).MktoForms2);
    const [{ stored }] = await Promise.all([routed(page), page.click("button")]);
    expect(stored.fields).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
      email,
      employees: "500-999",
    });
    await dialog(page).locator("button.slot").first().waitFor();
    expect(await page.evaluate(() => (window as any).ownHandlerRan)).toBe(true);
    await page.screenshot({ path: "/tmp/baton-attach-marketo.png" });

    await dialog(page).getByRole("button", { name: "Close" }).click();
    await page.getByText("Host thank-you page /host/mkto-thanks").waitFor();
    expect(errors).toEqual([]);
  });

  test("with Baton unreachable the plain form still submits normally, without errors", async () => {
    const context = { route: "**/v1/forms/demo**" };
    const { page, errors, posted } = await hostPage("/host/offline", PLAIN + tag("#contact"));
    await page.route(context.route, (route) => route.abort("connectionrefused"));
    await page.fill("#email", freshEmail());
    await page.click("button");
    await page.getByText("Host thank-you page /host/thanks").waitFor();
    expect(new URLSearchParams(posted[0]).get("first_name")).toBe("Grace");
    expect(errors).toEqual([]);
  });
});
