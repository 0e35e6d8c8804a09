import { beforeAll, describe, expect, test } from "vitest";
import { simulateOutcomes } from "../../scripts/demo/outcomes";
import { openAdmin } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const PER_PROFILE = 12;

// Runs after the harness has started and seeded Baton: demo leads with simulated outcomes.
beforeAll(async () => {
  const baton = e2e.baton;
  await simulateOutcomes(async (method, path, body, headers = {}) => {
    if (path.startsWith("/v1/admin")) return baton.admin(method, path, body);
    const res = await fetch(`${baton.baseUrl}${path}`, {
      method,
      headers: { "Content-Type": "application/json", Origin: baton.baseUrl, ...headers },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
    return res.json();
  }, PER_PROFILE);
}, 180_000);

describe("insights screen", { timeout: 120_000 }, () => {
  test("flags the EMEA enterprise rule, and the backtest confirms the suggested destination", async () => {
    const page = await openAdmin(e2e, "#/insights");
    const flag = page.getByTestId("flag").filter({ hasText: "Rule emea-enterprise" });
    await flag.waitFor();
    const rules = page.getByTestId("insights-rules");
    // Leads, with an outcome, converted: none of the rule's leads converted.
    const cells = rules.getByRole("row", { name: /EMEA enterprise/ }).getByRole("cell");
    expect(await cells.allTextContents()).toEqual(expect.arrayContaining([String(PER_PROFILE), "0"]));
    expect(await cells.nth(3).textContent()).toBe("0");
    const card = page
      .getByTestId("suggestion")
      .filter({ hasText: "Send rule emea-enterprise to team sdr-na" });
    await card.getByRole("button", { name: "Replay with backtest" }).click();
    const replay = card.getByTestId("replay");
    await replay.waitFor();
    expect(await replay.textContent()).toMatch(
      new RegExp(`${PER_PROFILE} would go elsewhere, 0 newly.*Confirmed\\.`),
    );
    await e2e.screenshot(page, "insights-confirmed");

    // Saving makes a draft version; the active config is not changed until someone publishes.
    const before = (await e2e.baton.admin("GET", "/v1/admin/config")).version;
    await card.getByRole("button", { name: "Save as draft" }).click();
    await card.getByTestId("saved").waitFor();
    expect((await e2e.baton.admin("GET", "/v1/admin/config")).version).toBe(before);
  });
});
