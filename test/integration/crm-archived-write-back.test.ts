/**
 * A CRM write-back that lands after its lead was archived (worker/archive/lead-archive.ts): the
 * decision rows are in R2 by then, and the write-back reads the facts the lead's stub keeps.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { archiveJob } from "../../worker/archive/archive-job";
import { database } from "../../worker/db/client";
import { control, deliverCrm, hubspotState, setUpHubSpotFile, submit } from "./crm-fixtures";
import { NOW } from "./intake-fixtures";
import { queued } from "./notify-helpers";

const PORTAL = "known";

setUpHubSpotFile(PORTAL);

it("associates the company from the facts the lead's stub keeps once its decisions moved to R2", async () => {
  const seeded = await control(PORTAL, "seed", {
    companies: [{ properties: { domain: "archived.example", name: "Archived Inc" } }],
  });
  let lead!: Awaited<ReturnType<typeof submit>>;
  const routed = await queued(async () => (lead = await submit("grace@archived.example")));
  // The lead is archived before its write-back lands: no decision row is left in D1.
  const aged = { db: database(env.DB), env, now: NOW + 91 * 86_400_000 };
  for (let i = 0; i < 100 && (await archiveJob.run(aged)).more; i++);
  const rows = await env.DB.prepare("SELECT count(*) AS n FROM routing_decisions WHERE lead_id = ?")
    .bind(lead.body.leadId)
    .first<{ n: number }>();
  expect(rows!.n).toBe(0);
  expect(await deliverCrm(routed)).toEqual({ undelivered: [], dead: [] });
  const contact = (await hubspotState(PORTAL)).contacts.find(
    (c) => c.properties.email === "grace@archived.example",
  );
  expect(contact?.associations).toEqual([seeded.companies.at(-1)]);
});
