/**
 * The figure: 1,000 submissions while HubSpot answers 429/5xx to a fifth of calls.
 * Runs in workerd against D1, the team objects and the fake HubSpot, only when asked for:
 *   npm run bench:crm
 * It takes minutes, so the suite runs the same assertions over 100 leads instead
 * (crm-hubspot-faults.test.ts). The printed line has the counts and timings.
 */
import { defineFaultRun } from "./crm-faults-scenario";

defineFaultRun("faulty-1000", 1000, 1_800_000);
