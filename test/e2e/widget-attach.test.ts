/**
 * Attach mode in real Chromium against a real Baton: the widget listens to a form the page
 * already has (plain HTML, a HubSpot embed, a Marketo form), sends the lead, opens the booking
 * dialog and lets the page's own submission go on. The host pages are served from the test
 * (page.route on Baton's origin), so the demo site stays as a marketer would have it; the
 * HubSpot and Marketo stand-ins speak the shapes those vendors document.
 */
import type { Page, Request } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
let photos: Record<string, string | undefined> = {};

beforeAll(async () => {
  const { config } = await e2e.baton.admin("GET", "/v1/admin/config");
  photos = Object.fromEntries(config.reps.map((r: any) => [r.id, r.photoUrl]));
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
  await page.addInitScript(() => {
    const seen: { type: string; detail: any }[] = ((window as any).batonEvents = []);
    for (const type of ["baton:routed", "baton:booked", "baton:closed"])
      window.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  });
  await page.goto(`${e2e.baton.baseUrl}${path}`);
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
  const stored = await e2e.baton.admin("GET", `/v1/admin/leads/${body.leadId}`);
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
    await e2e.screenshot(page, "attach-plain");
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
    await e2e.screenshot(page, "attach-hubspot");
    await dialog(page).locator("button.slot").first().click();
    await dialog(page).getByText(`You're booked with ${body.assignment.repName}`).waitFor();
    await dialog(page).getByRole("button", { name: "Done" }).click();
    await dialog(page).waitFor({ state: "detached" });
    expect(await events(page)).toEqual(["baton:routed", "baton:booked", "baton:closed"]);
    expect(submissions).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test("a HubSpot embed believes the page and HubSpot's forms origin, not another frame's look-alike", async () => {
    const [forged, email] = [freshEmail(), freshEmail()];
    const hsMessage = (address: string) => ({
      type: "hsFormCallback",
      eventName: "onFormSubmitted",
      id: "hs-guid-3",
      data: {
        submissionValues: {
          firstname: "Grace",
          lastname: "Hopper",
          email: address,
          company: "Navy",
          employees: "500-999",
          country: "DE",
        },
      },
    });
    // Every message the page hears, by origin, so the test knows the forgery arrived.
    const html = `<h1>Talk to sales</h1>
      <script>window.heard = []; addEventListener("message", (e) => heard.push(e.origin));</script>`;
    const { page, errors, submissions } = await hostPage(
      "/host/hubspot-frames",
      html + tag("hubspot:hs-guid-3"),
    );
    // An ad frame from another origin, and a frame from HubSpot's forms origin.
    await page.route("http://ads.example/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "ad" }),
    );
    await page.route("https://forms.hsforms.com/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<form></form>" }),
    );
    await page.evaluate(() =>
      Promise.all(
        ["http://ads.example/frame", "https://forms.hsforms.com/embed/hs-guid-3"].map(
          (src) =>
            new Promise((loaded) => {
              const frame = document.createElement("iframe");
              frame.addEventListener("load", loaded);
              frame.src = src;
              document.body.append(frame);
            }),
        ),
      ),
    );
    const frame = (origin: string) => page.frames().find((f) => f.url().startsWith(origin))!;

    await frame("http://ads.example").evaluate((m) => parent.postMessage(m, "*"), hsMessage(forged));
    await page.waitForFunction(() => (window as any).heard.length === 1);
    const [{ stored }] = await Promise.all([
      routed(page),
      frame("https://forms.hsforms.com").evaluate((m) => parent.postMessage(m, "*"), hsMessage(email)),
    ]);

    expect(stored.email).toBe(email);
    expect(await page.evaluate(() => (window as any).heard)).toEqual([
      "http://ads.example",
      "https://forms.hsforms.com",
    ]);
    await dialog(page).locator("button.slot").first().waitFor();
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
          const handlers = (window.mktoHandlers = []);
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
    // The page's own onSuccess and Baton's (Baton polls for MktoForms2 every 200 ms).
    await page.waitForFunction(() => (window as any).mktoHandlers?.length === 2);
    const [{ stored }] = await Promise.all([routed(page), page.click("button")]);
    expect(stored.fields).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
      email,
      employees: "500-999",
    });
    await dialog(page).locator("button.slot").first().waitFor();
    expect(await page.evaluate(() => (window as any).ownHandlerRan)).toBe(true);
    await e2e.screenshot(page, "attach-marketo");

    await dialog(page).getByRole("button", { name: "Close" }).click();
    await page.getByText("Host thank-you page /host/mkto-thanks").waitFor();
    expect(errors).toEqual([]);
  });

  test("a lead with nothing to book sees the form's no-slot message, then the form posts", async () => {
    const { page, errors, posted } = await hostPage(
      "/host/no-slot",
      PLAIN + tag("#contact", `data-baton-map='{"work_email":"email"}'`),
    );
    // Baton's real answer, with the slots taken away: as when no rep can offer a time.
    let body: any;
    await page.route("**/v1/forms/demo/submissions", async (route) => {
      const response = await route.fetch();
      body = { ...(await response.json()), slots: [] };
      await route.fulfill({ response, json: body });
    });
    await page.fill("#email", freshEmail());
    await page.click("button");

    await dialog(page).getByText("Thank you!").waitFor();
    expect(body.message).toBe(`Thanks! ${body.assignment.repName} will reach out within one business day.`);
    expect(await dialog(page).getByText(body.message).isVisible()).toBe(true);
    expect(await dialog(page).locator("button.slot").count()).toBe(0);
    await e2e.screenshot(page, "attach-no-slot");
    expect(posted).toEqual([]); // held while the message shows

    await dialog(page).getByRole("button", { name: "Done" }).click();
    await page.getByText("Host thank-you page /host/thanks").waitFor();
    expect(posted).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test('data-baton-message="false": nothing to book shows nothing, the page thanks the visitor itself', async () => {
    const html = `
      <form id="ajax"><input name="email" value="${freshEmail()}"><input name="first_name" value="Grace">
        <input name="last_name" value="Hopper"><input name="company" value="Navy">
        <input name="employees" value="500-999"><input name="country" value="DE"><button>Send</button></form>
      <script>
        document.getElementById("ajax").addEventListener("submit", (e) => e.preventDefault());
      </script>`;
    const { page, errors } = await hostPage(
      "/host/no-message",
      html + tag("#ajax", 'data-baton-message="false"'),
    );
    await page.route("**/v1/forms/demo/submissions", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), slots: [] } });
    });
    await Promise.all([routed(page), page.click("button")]);

    // The dialog would render in the same task that fires baton:routed.
    await page.waitForFunction(() => (window as any).batonEvents.length === 1);
    expect(await events(page)).toEqual(["baton:routed"]);
    expect(await dialog(page).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test("the attach demo page, linked from the demo page: its own form, then Baton's dialog", async () => {
    const { page, errors } = await e2e.newPage();
    await page.goto(`${e2e.baton.baseUrl}/`);
    await page.getByRole("link", { name: "Attach mode: Baton on a site's own form" }).click();
    await page.getByRole("heading", { name: "Talk to sales" }).waitFor();
    await page.waitForFunction(() => (window as any).Baton);

    const email = freshEmail();
    await page.getByLabel("First name").fill("Grace");
    await page.getByLabel("Last name").fill("Hopper");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Company", { exact: true }).fill("Navy Labs");
    await page.getByLabel("Company size").selectOption("500-999");
    await page.getByLabel("Country").selectOption("DE");
    const [{ body, stored }] = await Promise.all([
      routed(page),
      page.getByRole("button", { name: "Talk to sales" }).click(),
    ]);

    expect(stored.email).toBe(email);
    expect(stored.fields).toMatchObject({ first_name: "Grace", company: "Navy Labs", country: "DE" });
    await page.getByText("Thanks! Our team has your request.").waitFor();
    await dialog(page).getByText(`Book a time with ${body.assignment.repName}`).waitFor();
    await e2e.screenshot(page, "attach-demo-page");
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
