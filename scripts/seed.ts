/**
 * Seeds the demo organisation into any running Baton through its admin API:
 *   BATON_URL=https://baton.example.workers.dev ADMIN_TOKEN=... npm run seed
 * Safe to repeat: an identical config is not saved twice, and accounts upsert by domain.
 */
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { demoAccounts } from "./demo/accounts";
import { demoConfig } from "./demo/config";
import { parseDevVars } from "./dev-vars";

export type SeedOptions = { baseUrl: string; adminToken: string; log?: (line: string) => void };

const ACCOUNTS_PER_REQUEST = 500;

async function call(opts: SeedOptions, method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(new URL(path, opts.baseUrl), {
    method,
    headers: { Authorization: `Bearer ${opts.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 2000)}`);
  return text ? JSON.parse(text) : null;
}

export async function seed(opts: SeedOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const saved = await call(
    opts,
    "POST",
    "/v1/admin/config/versions?publish=true&note=demo%20seed",
    demoConfig,
  );
  log(
    `config: version ${saved.version} ${saved.created ? "saved and published" : "already saved"}` +
      (saved.lint.length ? ` (${saved.lint.length} lint findings)` : ""),
  );

  const accounts = demoAccounts();
  let created = 0;
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_REQUEST) {
    const part = await call(opts, "POST", "/v1/admin/accounts/import", {
      accounts: accounts.slice(i, i + ACCOUNTS_PER_REQUEST),
    });
    created += part.created;
  }
  log(`accounts: ${accounts.length} upserted (${created} new)`);
}

function tokenFromEnv(): string {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (existsSync(".dev.vars")) {
    const token = parseDevVars(readFileSync(".dev.vars", "utf8")).ADMIN_TOKEN;
    if (token) return token;
  }
  throw new Error("Set ADMIN_TOKEN (or run `npm start` once to create .dev.vars).");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const baseUrl = process.env.BATON_URL ?? "http://localhost:8787";
  seed({ baseUrl, adminToken: tokenFromEnv(), log: (l) => console.log(`[seed] ${l}`) }).catch((err) => {
    console.error(`[seed] failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
