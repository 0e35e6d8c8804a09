/**
 * The hosted form page, `/f/:formId`, wears the org's branding from the config (logo and
 * colours), with a form's own accent colour winning on its page. The booking flow on it is
 * the widget's (test/e2e/form-page.test.ts drives it in Chromium).
 */
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone } from "./helpers";

async function publish(formColor?: string) {
  const config = clone(demoConfig) as any;
  config.org.branding = {
    logoUrl: "https://cdn.example/acme-logo.png",
    primaryColor: "#0a5c36",
    backgroundColor: "#f7f4ee",
  };
  // The demo form has an accent of its own: without one, the org's colour shows.
  config.forms[0].theme = formColor ? { primaryColor: formColor } : undefined;
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(res.status).toBe(201);
  return config;
}

describe("hosted form page branding", () => {
  it("shows the form's name with the org's logo and colours, and the form's own accent wins", async () => {
    const config = await publish();
    const res = await call("/f/demo");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<h1>${config.forms[0].name}</h1>`);
    expect(page).toContain(
      `<img class="logo" src="https://cdn.example/acme-logo.png" alt="${config.org.name}"`,
    );
    expect(page).toContain(":root{--primary:#0a5c36;--page:#f7f4ee}");

    await publish("#aa3300");
    const themed = await (await call("/f/demo")).text();
    expect(themed).toContain(":root{--primary:#aa3300;--page:#f7f4ee}");
  });
});
