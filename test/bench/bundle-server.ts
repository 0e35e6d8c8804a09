/**
 * The demo served as `wrangler deploy` would upload it, without `wrangler dev`'s proxy: the
 * Worker is bundled by `wrangler deploy --dry-run` (the same entry, lazy modules, aliases and
 * minification as a deploy) and run in Miniflare with the bindings, assets routing and
 * compatibility settings wrangler derives from the same wrangler.toml
 * (`unstable_getMiniflareWorkerOptions`). State, migrations and seed are those of
 * test/e2e/server.ts. For `npm run bench:click` with BENCH_SERVER=bundle: the browser's
 * request then reaches workerd's own HTTP listener, as it reaches Cloudflare's front line,
 * instead of passing `wrangler dev`'s local proxy worker first.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { seed } from "../../scripts/seed";
import { adminClient, assertBuildIsFresh, freePort, migratedTemplate, run, type Baton } from "../e2e/server";

const ROOT = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export async function startBundledBaton(opts: { vars?: Record<string, string> } = {}): Promise<Baton> {
  assertBuildIsFresh();
  const stateDir = mkdtempSync(path.join(tmpdir(), "baton-bundle-state-"));
  const outdir = mkdtempSync(path.join(tmpdir(), "baton-bundle-out-"));
  const adminToken = randomBytes(24).toString("base64url");
  let mf: Miniflare | undefined;
  const stop = async () => {
    await mf?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  };
  try {
    cpSync(await migratedTemplate(), stateDir, { recursive: true });
    await run(["deploy", "--dry-run", "--outdir", outdir]);
    const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
    // The entry first, then every uploaded module (the lazily loaded ones are imported by name).
    const entry = path.join(outdir, "index.js");
    const modules = [entry, ...filesUnder(outdir).filter((f) => f.endsWith(".js") && f !== entry)].map(
      (p) => ({ type: "ESModule" as const, path: p }),
    );
    const port = await freePort();
    const options = convertV4MiniflareOptions({
      host: "127.0.0.1",
      port,
      workers: [
        {
          ...(workerOptions as object),
          name: "baton",
          rootPath: ROOT,
          modulesRoot: outdir,
          modules,
          modulesRules: undefined,
          bindings: {
            ...(workerOptions as { bindings?: Record<string, unknown> }).bindings,
            ...opts.vars,
            ADMIN_TOKEN: adminToken,
            ENCRYPTION_KEY: randomBytes(32).toString("base64"),
          },
        } as never,
      ],
    } as never);
    // As `wrangler dev --persist-to <stateDir>` lays it out (<stateDir>/v3/d1, …/do, …).
    mf = new Miniflare({ ...options, resourcePersistencePath: path.join(stateDir, "v3") } as never);
    const url = await mf.ready;
    const baseUrl = url.origin;
    await seed({ baseUrl, adminToken });
    const admin = adminClient(baseUrl, adminToken);
    return { baseUrl, adminToken, stateDir, admin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
