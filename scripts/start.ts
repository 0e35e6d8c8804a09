/**
 * `npm start`: build the widget, migrate local D1, run `wrangler dev`, seed the demo
 * through the admin API, then print where everything is.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connectDemoHubSpot, startDemoHubSpot, type DemoHubSpot } from "./demo/hubspot";
import { ensureDevVars, optionalSecretArgs, requiredSecrets } from "./dev-vars";
import { seed } from "./seed";

const port = Number(process.env.PORT ?? 8787);
const baseUrl = `http://localhost:${port}`;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

function step(title: string, command: string, args: string[]) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Baton did not answer ${baseUrl}/health within ${timeoutMs / 1000}s`);
}

const vars = ensureDevVars();
step("Building the widget and dashboard", "npm", ["run", "--silent", "build"]);
step("Applying D1 migrations (local)", "wrangler", ["d1", "migrations", "apply", "baton", "--local"]);

let hubspot: DemoHubSpot | undefined;
if (process.env.DEMO_HUBSPOT) {
  console.log("\n▶ Starting the fake HubSpot (DEMO_HUBSPOT is set)");
  hubspot = await startDemoHubSpot();
}

console.log("\n▶ Starting wrangler dev");
const optional = optionalSecretArgs(vars, requiredSecrets(readFileSync("wrangler.toml", "utf8")));
const listen = ["--port", String(port), "--ip", "127.0.0.1"];
const dev = spawn("wrangler", ["dev", ...listen, ...optional, ...(hubspot?.wranglerArgs ?? [])], {
  stdio: "inherit",
  env,
});
const stop = () => {
  dev.kill("SIGINT");
  hubspot?.stop();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", (code) => process.exit(code ?? 0));

try {
  await waitForHealth(90_000);
  await seed({ baseUrl, adminToken: vars.ADMIN_TOKEN!, log: (l) => console.log(`  seed: ${l}`) });
  if (hubspot) await connectDemoHubSpot(baseUrl, vars.ADMIN_TOKEN!);
  // wrangler dev does not fire Cron Triggers by itself; the SLA sweep and the routing repair
  // should still run locally, so run the cron's jobs every minute through the admin API.
  setInterval(() => {
    fetch(`${baseUrl}/v1/admin/cron/run`, {
      method: "POST",
      headers: { Authorization: `Bearer ${vars.ADMIN_TOKEN}` },
    }).catch(() => {});
  }, 60_000).unref();
  console.log(`
────────────────────────────────────────────────────────────
  Baton is running.
  Demo page   ${baseUrl}/
  Attach demo ${baseUrl}/attach.html
  Dashboard   ${baseUrl}/admin/
  API docs    ${baseUrl}/openapi.json
  Health      ${baseUrl}/health
  Admin token ${vars.ADMIN_TOKEN}   (dev only, from .dev.vars)${
    hubspot
      ? `
  HubSpot     fake at ${hubspot.url}, connected (dashboard → Integrations);
              its records: ${hubspot.url}/__control/state?portal=demo`
      : ""
  }
────────────────────────────────────────────────────────────
`);
} catch (err) {
  console.error(`✖ ${err instanceof Error ? err.message : err}`);
  stop();
  process.exitCode = 1;
}
