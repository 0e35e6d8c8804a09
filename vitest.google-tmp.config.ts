// TEMPORARY (google engineer): vitest.config.ts plus the Google fake; deleted before hand-off.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { FAKE_TURNSTILE_SECRET, startFakeTurnstile } from "./test/fakes/turnstile";
import { FAKE_GOOGLE_CLIENT_ID, FAKE_GOOGLE_CLIENT_SECRET, startFakeGoogleCalendar } from "./test/fakes/google-calendar";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  const turnstile = await startFakeTurnstile();
  const google = await startFakeGoogleCalendar();
  return {
    test: {
      projects: [
        {
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
                  GOOGLE_API_ROOT: google.url,
                  GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
                  GOOGLE_CLIENT_ID: FAKE_GOOGLE_CLIENT_ID,
                  GOOGLE_CLIENT_SECRET: FAKE_GOOGLE_CLIENT_SECRET,
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
            setupFiles: ["./test/setup/apply-migrations.ts"],
          },
        },
      ],
    },
  };
});
