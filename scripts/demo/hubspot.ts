/**
 * `DEMO_HUBSPOT=1 npm start`: runs the fake HubSpot (test/fakes/hubspot.ts, written to
 * HubSpot's documented shapes) in this process and points the local Baton at it, so a
 * newcomer sees a connected CRM without a HubSpot account. Every demo rep is a HubSpot owner
 * with the same email, and one known contact is owned by Ava.
 */
import {
  FAKE_HUBSPOT_CLIENT_ID,
  FAKE_HUBSPOT_CLIENT_SECRET,
  startFakeHubSpot,
} from "../../test/fakes/hubspot";
import { demoConfig } from "./config";

/** The fake's portal for a `pat-demo` private-app token. */
const TOKEN = "pat-demo";

export type DemoHubSpot = {
  url: string;
  /** Baton's settings that point it at the fake, and the same as `wrangler dev` arguments. */
  vars: Record<string, string>;
  wranglerArgs: string[];
  stop: () => void;
};

export async function startDemoHubSpot(): Promise<DemoHubSpot> {
  const { url, server } = await startFakeHubSpot();
  const owners = (demoConfig.reps ?? []).map((rep, i) => {
    const [firstName, ...rest] = rep.name.split(" ");
    return { id: String(501 + i), email: rep.email, firstName, lastName: rest.join(" ") };
  });
  const ava = owners.find((o) => o.email.startsWith("ava."));
  const seeded = await fetch(`${url}/__control/seed?portal=demo`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      owners,
      contacts: [{ properties: { email: "returning@contoso.example", hubspot_owner_id: ava?.id } }],
    }),
  });
  if (!seeded.ok) throw new Error(`the fake HubSpot refused its demo data (${seeded.status})`);
  const vars = {
    HUBSPOT_API_ROOT: url,
    HUBSPOT_OAUTH_TOKEN_URL: `${url}/oauth/v1/token`,
    HUBSPOT_AUTHORIZE_URL: `${url}/oauth/authorize`,
    HUBSPOT_APP_URL: url,
    HUBSPOT_CLIENT_ID: FAKE_HUBSPOT_CLIENT_ID,
    HUBSPOT_CLIENT_SECRET: FAKE_HUBSPOT_CLIENT_SECRET,
  };
  const wranglerArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  return { url, vars, wranglerArgs, stop: () => server.close() };
}

/** The rule that shows the CRM at work: a known HubSpot contact goes to its owner's rep. */
export const CRM_KNOWN_RULE = {
  id: "crm-known",
  name: "Known HubSpot contact goes to its owner",
  when: { fact: "crm.contact.exists", op: "eq", value: true },
  then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
} as const;

/**
 * Connects the local Baton to the fake with the demo token, through the admin API, and
 * publishes the live config with `CRM_KNOWN_RULE` first (once), so the known contact
 * (returning@contoso.example) is routed to Ava, its HubSpot owner.
 */
export async function connectDemoHubSpot(baseUrl: string, adminToken: string): Promise<void> {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const res = await call("POST", "/v1/admin/integrations/hubspot/connect", { privateAppToken: TOKEN });
  if (!res.ok) throw new Error(`connecting the fake HubSpot failed: ${res.status} ${await res.text()}`);
  const active = await call("GET", "/v1/admin/config");
  if (!active.ok) throw new Error(`reading the live config failed: ${active.status}`);
  const { config } = (await active.json()) as { config: { ruleSets: { rules: { id: string }[] }[] } };
  const rules = config.ruleSets[0]?.rules;
  if (!rules || rules.some((r) => r.id === CRM_KNOWN_RULE.id)) return;
  rules.unshift(CRM_KNOWN_RULE);
  const published = await call("POST", "/v1/admin/config/versions?publish=true", config);
  if (!published.ok)
    throw new Error(`publishing the CRM rule failed: ${published.status} ${await published.text()}`);
}
