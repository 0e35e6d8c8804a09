/**
 * The fault run at suite size (100 leads, about a minute on a loaded box). The issue's
 * 1,000-lead figure is the same run in crm-hubspot-faults.bench.ts (`npm run bench:crm`).
 */
import { defineFaultRun } from "./crm-faults-scenario";

defineFaultRun("faulty", 100, 180_000);
