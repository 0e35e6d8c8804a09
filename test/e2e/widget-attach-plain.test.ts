/**
 * Attach mode on a plain HTML form, in real Chromium against a real Baton: the widget listens to
 * the form the page already has, sends the lead, opens the booking dialog and lets the page's own
 * submission go on. The host pages are served from the test (page.route on Baton's origin), so
 * the demo site stays as a marketer would have it.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";
import { PLAIN, dialog, events, freshEmail, hostPage, routed, tag } from "./widget-attach.helpers";

const e2e = useBatonBrowser();
let photos: Record<string, string | undefined> = {};

beforeAll(async () => {
  const { config } = await e2e.baton.admin("GET", "/v1/admin/config");
  photos = Object.fromEntries(config.reps.map((r: any) => [r.id, r.photoUrl]));
});

describe("attach mode on a plain form", () => {
  test("a plain form: the lead is stored, the dialog shows the rep, then the form posts as before", async () => {
    const { page, errors, posted } = await hostPage(
      e2e,
      "/host/plain",
      PLAIN + tag("#contact", `data-baton-map='{"work_email":"email"}'`),
    );
    const email = freshEmail();
    await page.fill("#email", email);
    const [{ body, stored }] = await Promise.all([routed(e2e, page), page.click("button")]);

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

  test("a lead with nothing to book sees the form's no-slot message, then the form posts", async () => {
    const { page, errors, posted } = await hostPage(
      e2e,
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
      e2e,
      "/host/no-message",
      html + tag("#ajax", 'data-baton-message="false"'),
    );
    await page.route("**/v1/forms/demo/submissions", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), slots: [] } });
    });
    await Promise.all([routed(e2e, page), page.click("button")]);

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
      routed(e2e, page),
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
    const { page, errors, posted } = await hostPage(e2e, "/host/offline", PLAIN + tag("#contact"));
    await page.route("**/v1/forms/demo**", (route) => route.abort("connectionrefused"));
    await page.fill("#email", freshEmail());
    await page.click("button");
    await page.getByText("Host thank-you page /host/thanks").waitFor();
    expect(new URLSearchParams(posted[0]).get("first_name")).toBe("Grace");
    expect(errors).toEqual([]);
  });
});
