/**
 * Starts a real local Baton for browser tests: `wrangler dev` on a free port with its own
 * D1/DO state in a temp folder, migrated and seeded with the demo organisation, serving the
 * built widget and dashboard from `dist/public`. Each test file gets its own instance, so
 * files can run in parallel without sharing state.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seed } from "../../scripts/seed";

export type Baton = {
  baseUrl: string;
  adminToken: string;
  /** The instance's local D1/DO state (`--persist-to`), for `wrangler d1 execute --local` checks. */
  stateDir: string;
  /** Calls the admin API with the instance's token and returns the parsed JSON answer. */
  admin: (method: string, apiPath: string, body?: unknown) => Promise<any>;
  stop: () => Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const STARTUP_MS = 90_000;
// Wrangler is chatty; keep the tail only, to print when startup fails.
const LOG_LINES = 200;

// WRANGLER_LOG=info: the test run quiets wrangler, but these logs are only shown when startup fails.
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
  NO_COLOR: "1",
  WRANGLER_LOG: "info",
};

/** Fails early with the fix, rather than letting a browser test chase a stale bundle. */
export function assertBuildIsFresh(): void {
  const built = path.join(ROOT, "dist/public/widget.js");
  if (!existsSync(built)) throw new Error("dist/public/widget.js is missing: run `npm run build` first.");
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((d) => {
        const p = path.join(dir, d.name);
        return d.isDirectory() ? newest(p) : statSync(p).mtimeMs;
      }),
    );
  if (Math.max(newest(path.join(ROOT, "widget")), newest(path.join(ROOT, "dashboard"))) > builtAt) {
    throw new Error("widget/ or dashboard/ changed after the last build: run `npm run build` first.");
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function wrangler(args: string[], detached = false): ChildProcess {
  // process.execPath: the Node 22 running vitest (the system Node may be too old for wrangler).
  return spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env,
    detached,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collect(child: ChildProcess): string[] {
  const lines: string[] = [];
  const push = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n"));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout?.on("data", push);
  child.stderr?.on("data", push);
  return lines;
}

export async function run(args: string[]): Promise<void> {
  const child = wrangler(args);
  const logs = collect(child);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`wrangler ${args.join(" ")} exited with ${code}:\n${logs.join("\n")}`);
}

/** Polls `baseUrl`/health until it answers, `child` exits (with `logs`) or 90 s pass. */
export async function waitForHealth(baseUrl: string, child: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${logs.join("\n")}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseUrl} did not answer /health within ${STARTUP_MS / 1000}s:\n${logs.join("\n")}`);
}

/** Stops wrangler and the workerd it spawned: they share the process group we created. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A local D1 state with every migration applied, made once per set of migrations and copied
 * for each instance: applying them starts a wrangler of its own, seconds per test file. The
 * folder is named by a hash of the migrations and wrangler.toml, so a new migration makes a
 * new one. Files that start at once each build one and the first rename wins.
 */
export async function migratedTemplate(): Promise<string> {
  const hash = createHash("sha256");
  const migrations = path.join(ROOT, "migrations");
  for (const name of readdirSync(migrations)
    .filter((n) => n.endsWith(".sql"))
    .toSorted())
    hash.update(name).update(readFileSync(path.join(migrations, name)));
  hash.update(readFileSync(path.join(ROOT, "wrangler.toml")));
  const template = path.join(tmpdir(), `baton-e2e-migrated-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(template)) {
    const now = new Date();
    utimesSync(template, now, now); // in use: keeps it out of the next prune
    return template;
  }
  pruneStaleTemplates();
  const building = mkdtempSync(path.join(tmpdir(), "baton-e2e-migrating-"));
  await run(["d1", "migrations", "apply", "baton", "--local", "--persist-to", building]);
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another file got there first
  }
  return template;
}

/** Templates unused for a day (older migrations, other checkouts) would pile up in /tmp. */
function pruneStaleTemplates(): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("baton-e2e-migrated-")) continue;
    const dir = path.join(tmpdir(), name);
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run pruned it first
    }
  }
}

/** Calls the admin API with the dev token; a non-2xx answer throws with its status and body. */
export function adminClient(baseUrl: string, adminToken: string): Baton["admin"] {
  return async (method: string, apiPath: string, body?: unknown) => {
    const res = await fetch(new URL(apiPath, baseUrl), {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${apiPath} → ${res.status}: ${text.slice(0, 1000)}`);
    return text ? JSON.parse(text) : null;
  };
}
/** Starts a migrated, seeded Baton; `stop()` removes the process group and its state. */
export async function startBaton(opts: { vars?: Record<string, string> } = {}): Promise<Baton> {
  assertBuildIsFresh();
  const stateDir = mkdtempSync(path.join(tmpdir(), "baton-e2e-"));
  const adminToken = randomBytes(24).toString("base64url");
  const secrets = {
    ...opts.vars,
    ADMIN_TOKEN: adminToken,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  let child: ChildProcess | undefined;

  const stop = async () => {
    if (child) await killGroup(child);
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    cpSync(await migratedTemplate(), stateDir, { recursive: true });
    const [port, inspectorPort] = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${port}`;
    // --var wins over any developer .dev.vars in the checkout, so the token is always ours.
    const vars = Object.entries(secrets).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
    const listen = ["--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
    const quiet = ["--show-interactive-dev-session=false", "--log-level", "warn"];
    child = wrangler(["dev", ...listen, "--persist-to", stateDir, ...quiet, ...vars], true);
    const logs = collect(child);
    await waitForHealth(baseUrl, child, logs);
    await seed({ baseUrl, adminToken });

    const admin = adminClient(baseUrl, adminToken);
    return { baseUrl, adminToken, stateDir, admin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
