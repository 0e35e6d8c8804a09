import { describe, expect, it } from "vitest";
import { crmStartupReport } from "../../scripts/crm-startup";

describe("the Worker's startup without a CRM", () => {
  it("loads no HubSpot code: every HubSpot module sits in a chunk reached only by import()", async () => {
    const report = await crmStartupReport();
    expect(report.hubspotInEntry).toEqual([]);
    expect(report.lazyChunks.length).toBeGreaterThan(0);
    expect(report.lazyChunks.reduce((n, c) => n + c.hubspotModules, 0)).toBeGreaterThanOrEqual(5);
  });
});
