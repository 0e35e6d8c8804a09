import { describe, expect, test } from "vitest";
import { book, eventually, findEverywhere, openAdmin, submitLead } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();
const { screenshot } = e2e;

const domainOf = (i: number) => `acct-${String(i).padStart(4, "0")}.example`;

/**
 * 1,000 accounts with CRM-style headers. Ten rows are bad, each in its own way, at the
 * spreadsheet rows listed (the header is row 1, so data row i is row i + 2).
 */
function accountsCsv(): { csv: string; badRows: number[] } {
  const rows = Array.from({ length: 1000 }, (_, i) => [
    domainOf(i),
    `Account ${i}`,
    i % 3 ? "rachel-kim" : "",
    "",
  ]);
  const bad: [number, string[]][] = [
    [10, [domainOf(10), "", "", ""]], // no name
    [20, [domainOf(20), "   ", "", ""]], // blank name
    [30, ["not a domain", "Account 30", "", ""]],
    [40, [domainOf(40), "Account 40", "Bad Owner!", ""]],
    [50, [domainOf(50), "Account 50", "UPPER", ""]],
    [60, [domainOf(60), "Account 60", "", domainOf(60)]], // its own parent
    [70, [domainOf(70), "x".repeat(201), "", ""]], // name too long
    [80, [domainOf(80), "Account 80", "", "not a domain"]],
    [90, [domainOf(91), "Account 90", "", ""]], // same chunk as its twin (row 91)
    [900, [`WWW.${domainOf(5).toUpperCase()}`, "Account 900", "", ""]], // twin of row 5, another chunk
  ];
  for (const [i, row] of bad) rows[i] = row;
  // Row 90 takes 91's domain, so the twin flagged is the later one: data row 91.
  const badRows = bad.map(([i]) => (i === 90 ? 91 : i) + 2).toSorted((a, b) => a - b);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [
    "Website,Account Name,Account Owner,Parent Domain",
    ...rows.map((r) => r.map(quote).join(",")),
  ];
  return { csv: `${lines.join("\n")}\n`, badRows };
}

describe("accounts", () => {
  test("imports 1,000 rows from a CSV: maps the columns, reports the 10 bad rows, lands the 990 others", async () => {
    const { csv, badRows } = accountsCsv();
    // The demo seed brings its own accounts; the import adds to them.
    const seeded = (await e2e.baton.admin("GET", "/v1/admin/accounts?limit=1")).total as number;
    const page = await openAdmin(e2e, "#/accounts");
    await page
      .getByLabel("CSV file", { exact: true })
      .setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

    // CRM headers are recognised without help.
    const mapped = (label: string) => page.getByLabel(label, { exact: true }).inputValue();
    expect(await mapped("Domain (required)")).toBe("Website");
    expect(await mapped("Account name (required)")).toBe("Account Name");
    expect(await mapped("Owner (rep id)")).toBe("Account Owner");
    expect(await mapped("Parent domain")).toBe("Parent Domain");
    expect(await page.getByTestId("import-preview").locator("tbody tr").first().textContent()).toContain(
      domainOf(0),
    );
    await screenshot(page, "accounts-import-mapping");

    await page.getByRole("button", { name: "Check 1000 rows" }).click();
    const summary = page.getByTestId("check-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      "990 of 1000 rows are ready to import. 10 rows have problems",
    );
    const problems = page.getByTestId("import-problems").locator("tbody tr");
    const reported = await problems.evaluateAll((trs) =>
      trs.map((tr) => Number(tr.getAttribute("data-row"))),
    );
    expect(reported).toEqual(badRows);
    expect(await page.locator('tr[data-row="93"]').textContent()).toContain("same domain as row 92");
    expect(await page.locator('tr[data-row="902"]').textContent()).toContain("same domain as row 7");
    expect(await page.locator('tr[data-row="12"]').textContent()).toContain("name");
    await screenshot(page, "accounts-import-check");

    let importRequests = 0;
    page.on("request", (r) => {
      if (r.url().includes("/accounts/import?skipInvalid=true")) importRequests++;
    });
    await page.getByRole("button", { name: "Import 990 rows" }).click();
    await page.getByTestId("import-progress").waitFor();
    await page.getByTestId("import-summary").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("import-created").textContent()).toBe("990");
    expect(await page.getByTestId("import-updated").textContent()).toBe("0");
    expect(await page.getByTestId("import-skipped").textContent()).toBe("10");
    expect(importRequests).toBe(10);
    await screenshot(page, "accounts-import-done");

    const stored = await e2e.baton.admin("GET", "/v1/admin/accounts?limit=1");
    expect(stored.total).toBe(seeded + 990);
    const owned = await e2e.baton.admin("GET", `/v1/admin/accounts?q=${domainOf(1)}&limit=5`);
    expect(owned.accounts[0]).toMatchObject({
      domain: domainOf(1),
      name: "Account 1",
      ownerRepId: "rachel-kim",
    });
    for (const i of [10, 40, 60, 70]) {
      const gone = await e2e.baton.admin("GET", `/v1/admin/accounts?q=${domainOf(i)}&limit=5`);
      expect(gone.accounts.map((a: { domain: string }) => a.domain)).not.toContain(domainOf(i));
    }
  });

  test("finds an account and edits its name and owner", async () => {
    await e2e.baton.admin("POST", "/v1/admin/accounts/import", {
      accounts: [{ domain: "globex.example", name: "Globex", ownerRepId: null, parentDomain: null }],
    });
    const page = await openAdmin(e2e, "#/accounts");
    await page.getByRole("searchbox").fill("globex");
    await page.getByRole("button", { name: "Search" }).click();
    const row = page.locator('tr[data-domain="globex.example"]');
    await row.getByRole("button", { name: "Edit globex.example" }).click();
    await row.getByLabel("Name").fill("Globex Corporation");
    await row.getByLabel("Owner").selectOption("rachel-kim");
    await row.getByRole("button", { name: "Save" }).click();
    await page.locator('tr[data-domain="globex.example"]', { hasText: "Globex Corporation" }).waitFor();
    expect(await page.locator('tr[data-domain="globex.example"]').textContent()).toContain("Rachel Kim");
    const stored = await e2e.baton.admin("GET", "/v1/admin/accounts?q=globex");
    expect(stored.accounts[0]).toMatchObject({ name: "Globex Corporation", ownerRepId: "rachel-kim" });
  });
});

describe("privacy", () => {
  test("erases a person after the email is typed twice: the email is gone from every D1 table, counts stay", async () => {
    await e2e.baton.admin("POST", "/v1/admin/webhooks", {
      url: "https://hooks.example.com/baton",
      eventTypes: ["lead.routed"],
    });
    const email = `Erase.Me.${Date.now().toString(36)}@Forget-Corp.example`;
    const lead = await submitLead(e2e.baton, {
      first_name: "Erin",
      last_name: "Forgetme",
      email,
      company: "Forget Corp",
      country: "DE",
      employees: "500-999",
    });
    if (lead.slots.length > 0) await book(e2e.baton, lead);
    await e2e.baton.admin("POST", `/v1/admin/leads/${lead.leadId}/outcomes`, { kind: "contacted" });
    // Notifications and the webhook are written by the queue consumer: wait for them (generously:
    // the local queue batches for a few seconds, and test machines are busy).
    await eventually(
      async () => {
        const log = await e2e.baton.admin("GET", `/v1/admin/deliveries?leadId=${lead.leadId}`);
        const kinds = new Set(log.deliveries.map((d: { kind: string }) => d.kind));
        return kinds.has("notification") && kinds.has("webhook") ? true : undefined;
      },
      "the lead's notifications and webhook",
      60_000,
    );

    const before = await findEverywhere(e2e.baton, email);
    const columns = before.map((h) => h.column);
    // The scan must be able to fail: the email is in several tables before erasure.
    expect(columns).toEqual(expect.arrayContaining(["leads.email", "leads.fields", "email_outbox.to"]));
    // The trace is stored deflated (leads/trace-codec.ts), out of reach of a SQL scan: read it
    // through the lead page instead, before and after.
    const traces = async () =>
      JSON.stringify(
        (await e2e.baton.admin("GET", `/v1/admin/leads/${lead.leadId}`)).decisions,
      ).toLowerCase();
    expect(await traces()).toContain(email.toLowerCase());
    const funnel = (await e2e.baton.admin("GET", "/v1/admin/analytics")).funnel;

    const page = await openAdmin(e2e, "#/privacy");
    await page.getByTestId("retention").waitFor();
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Continue" }).click();
    const erase = page.getByRole("button", { name: "Erase permanently" });
    expect(await erase.isDisabled()).toBe(true);
    await page
      .getByLabel("Type the email again to confirm")
      .fill(email.toLowerCase().replace("erase", "erasx"));
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel("Type the email again to confirm").fill(email);
    await screenshot(page, "privacy-confirm");
    await erase.click();

    const result = page.getByTestId("erase-result");
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Erased\. \d+ records were anonymised/);
    expect(await result.locator("tr", { hasText: "Leads" }).first().textContent()).toContain("1");
    await screenshot(page, "privacy-erased");

    expect(await findEverywhere(e2e.baton, email)).toEqual([]);
    expect(await traces()).not.toContain(email.toLowerCase());
    expect((await e2e.baton.admin("GET", "/v1/admin/analytics")).funnel).toEqual(funnel);
    const audit = JSON.stringify(await e2e.baton.admin("GET", "/v1/admin/audit"));
    expect(audit).toContain("privacy");
    expect(audit.toLowerCase()).not.toContain(email.toLowerCase());
  }, 120_000);

  test("sets the retention period in Config → Settings; the Privacy screen shows it and links there", async () => {
    const page = await openAdmin(e2e, "#/privacy");
    const retention = page.getByTestId("retention");
    expect(await retention.textContent()).toContain("No retention period is set");
    await page.getByRole("link", { name: "Config → Settings" }).click();
    expect(new URL(page.url()).hash).toBe("#/config/settings");

    // A private Slack URL is refused where it is typed, and the draft cannot be saved.
    const slack = page.getByLabel("Slack incoming-webhook URL");
    await slack.fill("https://10.0.0.1/hook");
    await slack.press("Tab");
    await page.getByTestId("settings-notifications").locator(".issue.error").waitFor();
    expect(await page.getByRole("button", { name: "Save draft" }).isDisabled()).toBe(true);
    await slack.fill("");
    await slack.press("Tab");
    await page.getByTestId("settings-notifications").locator(".issue").waitFor({ state: "detached" });

    await page.getByLabel("Keep personal data for (days)").fill("30");
    await page.getByLabel("Keep personal data for (days)").press("Tab");
    await page.getByText("Unsaved changes").waitFor();
    await screenshot(page, "config-settings");
    await page.getByRole("button", { name: "Save draft" }).click();
    const saved = page.getByText(/Saved as draft v(\d+)\./);
    await saved.waitFor();
    const version = Number(/v(\d+)/.exec((await saved.textContent()) ?? "")?.[1]);
    const draft = await e2e.baton.admin("GET", `/v1/admin/config/versions/${version}`);
    expect(draft.config.privacy).toEqual({ retentionDays: 30 });
    expect(draft.config.notifications).toBeUndefined();

    await page.getByRole("link", { name: "Review & publish" }).click();
    await page.getByTestId("diff").getByText("privacy").first().waitFor();
    await page.getByRole("button", { name: `Publish v${version}` }).click();
    await page.getByText(`Version ${version} is now live.`).waitFor();
    await page.getByRole("link", { name: "Privacy", exact: true }).click();
    await page.getByText("30 days").waitFor();
    expect(await retention.textContent()).toContain("Leads older than 30 days are anonymised");
  });

  test("keeps what the admin is typing when a validation answer re-renders the screen", async () => {
    const page = await openAdmin(e2e, "#/config/settings");
    const slack = page.getByLabel("Slack incoming-webhook URL");
    await slack.waitFor();
    // Hold the next validation answer until the Slack URL is being typed.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/v1/admin/config/validate", async (route) => {
      await held;
      await route.continue();
    });
    const answered = page.waitForResponse("**/v1/admin/config/validate");
    await page.getByLabel("Keep personal data for (days)").fill("45");
    await page.getByLabel("Keep personal data for (days)").press("Tab");
    await slack.fill("https://10.0.0.1/hook");
    release();
    await answered; // the screen re-renders with the answer while the URL is still being typed
    await page.getByText("Unsaved changes").waitFor();
    expect(await slack.inputValue()).toBe("https://10.0.0.1/hook");
    await slack.press("Tab");
    await page.getByTestId("settings-notifications").locator(".issue.error").waitFor();
  });
});

describe("event lists", () => {
  /** 30 badge scans: 25 new people, 2 who already submitted the form, 3 bad rows (rows 29-31). */
  function scansCsv(known: string[]): string {
    const rows = Array.from({ length: 25 }, (_, i) => [
      `scan${i}@expo-${i}.example`,
      `Scan`,
      `No ${i}`,
      `Expo ${i} Ltd`,
    ]);
    rows.push(...known.map((email) => [email.toUpperCase(), "Known", "Person", "Known Co"]));
    rows.push(
      ["", "No", "Email", "Blank Co"],
      ["not-an-email", "Bad", "Address", "Bad Co"],
      ["scan3@expo-3.example", "Scan", "Again", "Expo 3 Ltd"],
    );
    return ["Email Address,First Name,Last Name,Company", ...rows.map((r) => r.join(","))].join("\n");
  }

  test("maps a badge-scan CSV, dry-runs it, routes it in batches with a progress bar; the same file again routes nobody", async () => {
    const stamp = Date.now().toString(36);
    const known = [`known1.${stamp}@known-co.example`, `known2.${stamp}@known-co.example`];
    for (const email of known)
      await submitLead(e2e.baton, { first_name: "Known", last_name: "Person", email, company: "Known Co" });
    const file = { name: `expo-${stamp}.csv`, mimeType: "text/csv", buffer: Buffer.from(scansCsv(known)) };
    const page = await openAdmin(e2e, "#/event-lists");
    await page.locator("#event-file").setInputFiles(file);
    expect(await page.getByLabel("Email (required)").inputValue()).toBe("Email Address");
    expect(await page.getByLabel("Company").inputValue()).toBe("Company");
    expect(await page.getByLabel(/^Event name/).inputValue()).toBe(`expo ${stamp}`);
    await screenshot(page, "event-list-mapping");

    await page.getByRole("button", { name: "Upload and dry-run 30 rows" }).click();
    await page.getByTestId("event-dry-run").waitFor();
    const text = (id: string) => page.getByTestId(id).textContent();
    expect([await text("dry-route"), await text("dry-merged"), await text("dry-refused")]).toEqual([
      "25",
      "2",
      "3",
    ]);
    const refused = await page
      .getByTestId("event-refused")
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.textContent));
    expect(refused).toEqual([
      "29no email address",
      "30not an email address: not-an-email",
      "31same email as row 5",
    ]);
    const perRep = () =>
      page
        .locator("[data-testid$=per-rep] tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.textContent).join(" | "));
    expect(await page.locator('[data-testid=dry-rows] tr[data-row="27"]').textContent()).toMatch(
      /Merged into an existing lead \(.+\)/,
    );
    const forecast = await perRep();
    await screenshot(page, "event-list-dry-run");

    let runs = 0;
    page.on("request", (r) => void (r.url().includes("/run?limit=") && runs++));
    await page.getByRole("button", { name: "Route 27 rows" }).click();
    await page.getByTestId("event-progress").waitFor();
    await page.getByTestId("event-done").waitFor({ timeout: 60_000 });
    expect([await text("run-routed"), await text("run-merged"), await text("run-refused")]).toEqual([
      "25",
      "2",
      "3",
    ]);
    expect(await perRep()).toBe(forecast);
    expect(runs).toBe(2);
    await screenshot(page, "event-list-done");

    await page.getByRole("button", { name: "Route another list" }).click();
    await page.locator("#event-file").setInputFiles(file);
    await page.getByRole("button", { name: "Upload and dry-run 30 rows" }).click();
    await page.getByTestId("event-dry-run").waitFor();
    expect([await text("dry-route"), await text("dry-duplicate"), await text("dry-merged")]).toEqual([
      "0",
      "25",
      "2",
    ]);
    await page.getByRole("button", { name: "Route 27 rows" }).click();
    await page.getByTestId("event-done").waitFor({ timeout: 60_000 });
    expect([await text("run-routed"), await text("run-duplicate")]).toEqual(["0", "25"]);
    const leads = await e2e.baton.admin("GET", "/v1/admin/event-lists");
    expect(leads.lists.map((l: { counts: { routed: number } }) => l.counts.routed)).toEqual([0, 25]);
  });
});
