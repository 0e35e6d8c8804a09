import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startFakeEnricher } from "./test/fakes/enricher";
import {
  FAKE_GOOGLE_CLIENT_ID,
  FAKE_GOOGLE_CLIENT_SECRET,
  startFakeGoogleCalendar,
} from "./test/fakes/google-calendar";
import { FAKE_TURNSTILE_SECRET, startFakeTurnstile } from "./test/fakes/turnstile";
import { startFakeWebhookReceiver } from "./test/fakes/webhook-receiver";
import {
  FAKE_MS_CLIENT_ID,
  FAKE_MS_CLIENT_SECRET,
  startFakeMicrosoftGraph,
} from "./test/fakes/microsoft-graph";
import { startFakeSlack } from "./test/fakes/slack-receiver";
import { startFakeTeams } from "./test/fakes/teams-workflows";
import { FAKE_HUBSPOT_CLIENT_ID, FAKE_HUBSPOT_CLIENT_SECRET, startFakeHubSpot } from "./test/fakes/hubspot";
import { FAKE_SF_CLIENT_ID, FAKE_SF_CLIENT_SECRET, startFakeSalesforce } from "./test/fakes/salesforce";

// The plugin reads wrangler.toml once per test file, and each time wrangler logs "Using
// secrets defined in .dev.vars" (or, in CI without one, "Missing required secrets"). Both are
// false here: the bindings below supply every secret the tests use. Errors still show.
process.env.WRANGLER_LOG ??= "error";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  // Fakes of outside services run in this Node process; workerd reaches them on loopback.
  const turnstile = await startFakeTurnstile();
  const enricher = await startFakeEnricher();
  const google = await startFakeGoogleCalendar();
  const receiver = await startFakeWebhookReceiver();
  const slack = await startFakeSlack();
  const teams = await startFakeTeams();
  const hubspot = await startFakeHubSpot();
  const graph = await startFakeMicrosoftGraph();
  const salesforce = await startFakeSalesforce();
  return {
    test: {
      projects: [
        {
          // Integration tests run inside workerd, next to the real bindings.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ADMIN_TOKEN: "test-admin-token",
                  ENCRYPTION_KEY: "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=",
                  TURNSTILE_VERIFY_URL: turnstile.url,
                  TURNSTILE_SECRET: FAKE_TURNSTILE_SECRET,
                  FAKE_ENRICHER_URL: enricher.url,
                  GOOGLE_API_ROOT: google.url,
                  GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
                  GOOGLE_CLIENT_ID: FAKE_GOOGLE_CLIENT_ID,
                  GOOGLE_CLIENT_SECRET: FAKE_GOOGLE_CLIENT_SECRET,
                  WEBHOOK_RECEIVER_URL: receiver.url,
                  WEBHOOK_ALLOW_PRIVATE: "true",
                  SLACK_WEBHOOK_ORIGIN: slack.url,
                  TEAMS_WEBHOOK_ORIGIN: teams.url,
                  HUBSPOT_API_ROOT: hubspot.url,
                  HUBSPOT_OAUTH_TOKEN_URL: `${hubspot.url}/oauth/v1/token`,
                  HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
                  HUBSPOT_APP_URL: hubspot.url,
                  HUBSPOT_CLIENT_ID: FAKE_HUBSPOT_CLIENT_ID,
                  HUBSPOT_CLIENT_SECRET: FAKE_HUBSPOT_CLIENT_SECRET,
                  SALESFORCE_LOGIN_URL: salesforce.url,
                  SALESFORCE_CLIENT_ID: FAKE_SF_CLIENT_ID,
                  SALESFORCE_CLIENT_SECRET: FAKE_SF_CLIENT_SECRET,
                  SALESFORCE_JWT_PRIVATE_KEY: salesforce.privateKeyPem,
                  MICROSOFT_LOGIN_ROOT: graph.url,
                  MICROSOFT_GRAPH_ROOT: graph.url,
                  MICROSOFT_CLIENT_ID: FAKE_MS_CLIENT_ID,
                  MICROSOFT_CLIENT_SECRET: FAKE_MS_CLIENT_SECRET,
                  // The capacity bench's lead count (npm run bench:capacity).
                  ...(process.env.CAPACITY_N ? { CAPACITY_N: process.env.CAPACITY_N } : {}),
                },
              },
            }),
          ],
          // The lazily loaded modules (worker/lazy.ts) are built only for wrangler; here their
          // imports load the TypeScript sources they are built from.
          resolve: {
            alias: [
              {
                find: /^\.\/lazy\/(.+)\.lazy\.js$/,
                replacement: path.join(import.meta.dirname, "worker/lazy/$1.ts"),
              },
            ],
          },
          test: {
            name: "workers",
            // Property tests and the 100-booking contention test take 1-3 s alone and pass
            // the 5 s default only on an idle machine; a loaded CI box timed them out.
            testTimeout: 30_000,
            include: [
              "test/integration/**/*.test.ts",
              // The SLA backlog benchmark runs in workerd too, but only when asked for.
              ...(process.env.SLA_BENCH ? ["test/integration/sla-backlog.bench.ts"] : []),
              ...(process.env.EDGE_BENCH ? ["test/integration/edge-latency.bench.ts"] : []),
              ...(process.env.CRM_BENCH
                ? [
                    "test/integration/crm-hubspot-faults.bench.ts",
                    "test/integration/crm-salesforce-faults.bench.ts",
                  ]
                : []),
              ...(process.env.CAPACITY_BENCH ? ["test/integration/capacity.bench.ts"] : []),
            ],
            // Refuse code generation first, so nothing the tests load can rely on it.
            setupFiles: ["./test/setup/refuse-code-generation.ts", "./test/setup/apply-migrations.ts"],
            benchmark: { include: [] },
          },
        },
        {
          // Unit tests of pure code run in Node, in one module graph (no per-file isolate): in
          // workerd each file paid a runtime start-up, which made the suite most of CI's
          // budget. Node refuses code generation from strings here, as workerd does.
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts"],
            benchmark: { include: [] },
            environment: "node",
            isolate: false,
            execArgv: ["--disallow-code-generation-from-strings"],
            testTimeout: 30_000,
          },
        },
        {
          // Benchmarks of the pure core run in Node; `npm run bench` selects this project.
          test: {
            name: "bench",
            include: [],
            benchmark: { include: ["test/bench/**/*.bench.ts"] },
            environment: "node",
            testTimeout: 300_000,
          },
        },
        {
          // Tests of the project's tooling (lint rules, contracts between browser and server)
          // run in Node, where they can start the linter.
          test: {
            name: "tooling",
            include: ["test/tooling/**/*.test.ts"],
            benchmark: { include: [] },
            environment: "node",
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            benchmark: { include: [] },
            environment: "node",
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
