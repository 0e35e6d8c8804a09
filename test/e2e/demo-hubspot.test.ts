/**
 * `DEMO_HUBSPOT=1 npm start` without a HubSpot account: scripts/demo/hubspot.ts runs the fake
 * HubSpot, points a local Baton (`wrangler dev`, seeded like `npm start`) at it and connects
 * it. A newcomer then sees a connected CRM with every owner mapped, and the known contact's
 * form lead goes to its HubSpot owner and lands back on the same contact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDemoHubSpot, startDemoHubSpot, type DemoHubSpot } from "../../scripts/demo/hubspot";
import { submitLead } from "./dashboard-data.helpers";
import { startBaton, type Baton } from "./server";

let hubspot: DemoHubSpot;
let baton: Baton;

beforeAll(async () => {
  hubspot = await startDemoHubSpot();
  baton = await startBaton({ vars: hubspot.vars });
  await connectDemoHubSpot(baton.baseUrl, baton.adminToken);
}, 120_000);
afterAll(async () => {
  await baton?.stop();
  hubspot?.stop();
});

const state = async () =>
  (await fetch(`${hubspot.url}/__control/state?portal=demo`)).json() as Promise<{
    contacts: { id: string; properties: Record<string, string | null> }[];
  }>;

describe("the HubSpot demo", () => {
  it("starts connected with every owner mapped, and routes the known contact to its owner", async () => {
    const status = await baton.admin("GET", "/v1/admin/integrations/hubspot");
    expect(status).toMatchObject({ connected: true, status: "connected", unmappedOwners: 0 });
    // Connecting again (a second `npm start`) publishes the rule once.
    await connectDemoHubSpot(baton.baseUrl, baton.adminToken);
    const { config } = await baton.admin("GET", "/v1/admin/config");
    expect(config.ruleSets[0].rules.filter((r: { id: string }) => r.id === "crm-known")).toHaveLength(1);

    const lead = await submitLead(baton, {
      first_name: "Returning",
      last_name: "Customer",
      email: "returning@contoso.example",
      company: "Contoso",
    });
    expect(lead.assignment).toMatchObject({ repId: "ava-thompson", ruleId: "crm-known" });
    const avaOwner = status.owners.find((o: { repId: string }) => o.repId === "ava-thompson").id;
    await expect
      .poll(
        async () =>
          (await state()).contacts
            .filter((c) => c.properties.email === "returning@contoso.example")
            .map((c) => [c.properties.hubspot_owner_id, c.properties.baton_source]),
        { timeout: 20_000 },
      )
      .toEqual([[avaOwner, "baton:demo"]]);
  });
});
