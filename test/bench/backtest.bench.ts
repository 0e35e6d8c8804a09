/**
 * Backtest of a draft over 50,000 stored leads, pure core only (no D1): both configs, account
 * matching against 10k accounts, load shift, a page of changes and lint.
 *
 *   npm run bench -- test/bench/backtest.bench.ts
 */
import { test } from "vitest";
import { buildAccountIndex, type AccountRecord } from "../../worker/core/account-match";
import { runBacktest } from "../../worker/core/backtest";
import { ACCOUNT_ROWS, demoLeads, demoWith } from "../unit/backtest-fixtures";
import { normalizeLead } from "../../worker/core/lead-facts";

const leads = demoLeads(50_000, 11);
const accounts = buildAccountIndex([
  ...ACCOUNT_ROWS,
  ...Array.from({ length: 10_000 }, (_, i): AccountRecord => ({
    domain: `company${i}.com`,
    name: `Company ${i}`,
    ownerRepId: i % 3 ? "ava-thompson" : null,
    parentDomain: null,
  })),
]);
const active = demoWith();
const identical = demoWith();
// A realistic edit: a threshold moves and a rule is dropped, so thousands of leads move.
const edited = demoWith((doc) => {
  const rules = doc.ruleSets[0].rules;
  rules.find((r: any) => r.id === "emea-enterprise").when.all[1].value = 1000;
  doc.ruleSets[0].rules = rules.filter((r: any) => r.id !== "partner-referral");
});

test("backtest, 50,000 leads, demo config, 10k accounts", async ({ bench }) => {
  await bench.compare(
    bench("identical draft (zero changes)", () => {
      runBacktest({ normalize: normalizeLead, leads, active, draft: identical, accounts });
    }),
    bench("edited draft (threshold + dropped rule), first 100 changes", () => {
      runBacktest({ normalize: normalizeLead, leads, active, draft: edited, accounts });
    }),
    { time: 1000, iterations: 3 },
  );
});
