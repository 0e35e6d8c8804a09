/**
 * Attach mode on vendor form embeds, in real Chromium against a real Baton: the widget hears a
 * HubSpot or Marketo form submit, sends the lead, opens the booking dialog and holds or lets go
 * the vendor's own follow-up. The HubSpot and Marketo stand-ins speak the shapes those vendors
 * document; the host pages are served from the test (page.route on Baton's origin).
 */
import { describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";
import { dialog, events, freshEmail, hostPage, routed, tag } from "./widget-attach.helpers";

const e2e = useBatonBrowser();

describe("attach mode on HubSpot and Marketo embeds", () => {
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
      e2e,
      "/host/hubspot",
      html + tag("hubspot:hs-guid-1", `data-baton-map='{"numemployees":"employees"}'`),
      "broken",
    );
    const [{ body, stored }] = await Promise.all([routed(e2e, page), page.click("button")]);
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
      e2e,
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
      routed(e2e, page),
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
    const { page, errors } = await hostPage(e2e, "/host/hubspot-v4", html + tag("hubspot"));
    const [{ stored }] = await Promise.all([routed(e2e, page), page.click("button")]);
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
      e2e,
      "/host/marketo",
      html + tag("marketo:1057", `data-baton-map='{"NumberOfEmployees":"employees"}'`),
    );
    // The page's own onSuccess and Baton's (Baton polls for MktoForms2 every 200 ms).
    await page.waitForFunction(() => (window as any).mktoHandlers?.length === 2);
    const [{ stored }] = await Promise.all([routed(e2e, page), page.click("button")]);
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
});
