/**
 * Demo leads with simulated outcomes, so the insights screen has something to flag: three
 * lead profiles that the demo rules route differently, each converting at its own rate.
 * EMEA enterprise leads (rule `emea-enterprise`, team emea-enterprise) never convert here,
 * while the fallback's small US companies (team sdr-na) convert half the time.
 *
 * Deterministic: lead i of a profile converts when (i · 0.618…) mod 1 < its rate, so runs
 * repeat. `send` is any admin/public caller (the seed script's fetch, a test's app.request).
 */
export type Send = (
  method: "POST",
  path: string,
  body: unknown,
  headers?: Record<string, string>,
) => Promise<unknown>;

type Profile = { name: string; country: string; employees: string; rate: number };

export const DEMO_OUTCOME_PROFILES: readonly Profile[] = [
  { name: "emea-enterprise", country: "FR", employees: "1000-4999", rate: 0 },
  { name: "dach-enterprise", country: "DE", employees: "500-999", rate: 0.4 },
  { name: "small-us", country: "US", employees: "1-49", rate: 0.5 },
];

const GOLDEN = 0.6180339887;

/** Submits `perProfile` leads of each profile and reports each one's outcome (won or lost). */
export async function simulateOutcomes(send: Send, perProfile: number, tag = "sim"): Promise<number> {
  let n = 0;
  for (const p of DEMO_OUTCOME_PROFILES)
    for (let i = 0; i < perProfile; i++) {
      n++;
      const answer = (await send(
        "POST",
        "/v1/forms/demo/submissions",
        {
          fields: {
            first_name: "Demo",
            last_name: `${p.name} ${i}`,
            email: `${tag}-${p.name}-${i}@${p.name}.example`,
            company: `${p.name} ${i} GmbH`,
            employees: p.employees,
            country: p.country,
          },
        },
        // Spread over addresses so the per-address submission limit is not what is tested.
        { "CF-Connecting-IP": `198.51.100.${n % 250}` },
      )) as { leadId: string };
      const kind = (i * GOLDEN) % 1 < p.rate ? "won" : "lost";
      await send("POST", `/v1/admin/leads/${answer.leadId}/outcomes`, { kind });
    }
  return n;
}
