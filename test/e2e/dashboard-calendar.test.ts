/**
 * A rep's Outlook calendar from the dashboard, in Chromium against `wrangler dev`: choose
 * Outlook for a rep, get the sign-in link, follow it through the (fake) Microsoft identity
 * platform back to Baton's callback, and see the rep's card show the connected account.
 * The fake (test/fakes/microsoft-graph.ts) runs in this process; wrangler dev reaches it over
 * loopback through MICROSOFT_LOGIN_ROOT.
 */
import { describe, expect, test } from "vitest";
import { FAKE_MS_CLIENT_ID, FAKE_MS_CLIENT_SECRET, startFakeMicrosoftGraph } from "../fakes/microsoft-graph";
import { openAdmin } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const graph = await startFakeMicrosoftGraph();
const e2e = useBatonBrowser({
  vars: {
    MICROSOFT_CLIENT_ID: FAKE_MS_CLIENT_ID,
    MICROSOFT_CLIENT_SECRET: FAKE_MS_CLIENT_SECRET,
    MICROSOFT_LOGIN_ROOT: graph.url,
    MICROSOFT_GRAPH_ROOT: graph.url,
  },
});

describe("calendar connections in the dashboard", () => {
  test("choose Outlook for a rep, save → sign-in link → Microsoft sign-in → the card shows the connected account", async () => {
    const page = await openAdmin(e2e, "#/config/reps");
    const card = page.locator('[data-rep="ava-thompson"]');
    await card.locator("summary").click();
    const status = card.getByTestId("calendar-status");
    expect(await status.textContent()).toContain("No calendar connected");

    await card.getByLabel("Busy time from").selectOption("microsoft");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText(/Saved as draft v\d+\./).waitFor();
    await card.getByRole("button", { name: "Connect Outlook" }).click();
    const link = card.getByRole("link", { name: "Outlook sign-in link" });
    const href = (await link.getAttribute("href"))!;
    const authorize = new URL(href);
    expect(authorize.pathname).toBe("/organizations/oauth2/v2.0/authorize");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("login_hint")).toBe("ava.thompson@baton.example");

    // The rep opens the link: Microsoft signs them in and sends the browser to Baton's callback.
    const rep = await e2e.newPage();
    await rep.page.goto(href);
    await rep.page.getByText("Your Outlook calendar is connected to Baton").waitFor();
    expect(new URL(rep.page.url()).pathname).toBe("/v1/calendar/microsoft/callback");

    await page.reload();
    await card.locator("summary").click();
    await card.getByText("Outlook: connected").waitFor();
    expect(await card.getByLabel("Busy time from").inputValue()).toBe("microsoft");
    expect(await status.textContent()).toContain("(ava.thompson@baton.example)");
    await e2e.screenshot(page, "dashboard-calendar-outlook");
  });
});
