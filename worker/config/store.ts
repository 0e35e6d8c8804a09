import { canonicalJson } from "../core/canonical-json";
import { lintConfig, validateConfig, type LintFinding, type RoutingConfig } from "../core/config-doc";
import { AppError } from "../errors";
import type { Actor } from "../http/hono-env";
import { actorLabel, auditInsert } from "../audit/audit-queries";
import type { Database } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import {
  getActive,
  getActivePointer,
  getVersion,
  insertVersion,
  latestVersion,
  markFirstPublished,
  setActive,
} from "./version-queries";
import { sha256Hex } from "../security/tokens";

export type SavedDraft = { version: number; created: boolean; lint: LintFinding[]; checksum: string };

function invalid(errors: unknown): AppError {
  return new AppError(422, "invalid_config", "The config document is invalid.", { errors });
}

/**
 * Validates a whole document and stores it as a new draft. Re-saving a document identical
 * to the latest version returns that version instead of a duplicate, which is what makes
 * `npm run seed` and CI pushes safe to repeat.
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  now: number,
  input: unknown,
  note?: string,
  basedOn?: number,
): Promise<SavedDraft> {
  const result = validateConfig(input);
  if (!result.ok) throw invalid(result.errors);
  const config = result.config;
  const checksum = await sha256Hex(canonicalJson(config));
  const lint = lintConfig(config);

  const latest = await latestVersion(db);
  if (latest?.checksum === checksum) return { version: latest.version, created: false, lint, checksum };
  if (basedOn !== undefined && latest && latest.version > basedOn) throw staleBase(latest, basedOn);

  const version = (latest?.version ?? 0) + 1;
  try {
    await db.batch([
      insertVersion(db, {
        version,
        config,
        checksum,
        note: note ?? null,
        createdAt: now,
        createdBy: actorLabel(actor),
      }),
      auditInsert(db, actor, now, {
        action: "config.draft_created",
        target: `config:${version}`,
        details: { checksum, lintFindings: lint.length, ...(note ? { note } : {}) },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(409, "conflict", "Another version was saved at the same time; retry.");
    }
    throw err;
  }
  return { version, created: true, lint, checksum };
}

/** Names the version saved since the one the admin edited, so the dashboard can say who changed what. */
function staleBase(latest: { version: number; note: string | null; createdBy: string }, basedOn: number) {
  return new AppError(
    409,
    "stale_config",
    `Version ${latest.version} was saved after version ${basedOn}, which you edited (by ${latest.createdBy}${latest.note ? `: ${latest.note}` : ""}). Reload to see it, then make your change again.`,
    { latestVersion: latest.version, basedOn },
  );
}

export type Published = {
  version: number;
  previousVersion: number | null;
  publishedAt: number;
  changed: boolean;
};

/**
 * Makes a version live. The stored document is validated again because the schema may have
 * moved since it was saved: an invalid one is refused with 422 and the live version stays.
 * Publishing an older version is a rollback and is audited as one.
 */
export async function publishVersion(
  db: Database,
  actor: Actor,
  now: number,
  version: number,
  expectActive?: number,
): Promise<Published> {
  const row = await getVersion(db, version);
  if (!row) throw new AppError(404, "not_found", `Config version ${version} does not exist.`);
  const result = validateConfig(row.config);
  if (!result.ok) throw invalid(result.errors);

  const active = await getActive(db);
  const previousVersion = active?.version ?? null;
  if (expectActive !== undefined && previousVersion !== expectActive && previousVersion !== version)
    throw new AppError(
      409,
      "stale_config",
      `Version ${previousVersion} went live after you opened version ${expectActive}. Reload to see what changed, then publish again.`,
      { activeVersion: previousVersion, expectActive },
    );
  if (previousVersion === version) {
    return { version, previousVersion, publishedAt: active!.publishedAt, changed: false };
  }
  const isRollback = row.firstPublishedAt !== null && previousVersion !== null && version < previousVersion;
  await db.batch([
    setActive(db, version, now, actorLabel(actor)),
    markFirstPublished(db, version, now),
    auditInsert(db, actor, now, {
      action: isRollback ? "config.rolled_back" : "config.published",
      target: `config:${version}`,
      details: { previousVersion },
    }),
  ]);
  forgetLiveConfig();
  return { version, previousVersion, publishedAt: now, changed: true };
}

export type ActiveConfig = { version: number; checksum: string; config: RoutingConfig };

// Parsed configs by checksum, per isolate. A publish changes the checksum the pointer
// query returns, so the next request sees the new version without any invalidation.
const parsedCache = new Map<string, RoutingConfig>();
const PARSED_CACHE_LIMIT = 8;

/**
 * How stale the live config may be, in seconds, in an isolate that did not publish it. Within
 * this the form GET, the CORS preflights and every public path skip the pointer query (a
 * round trip to D1's region); the isolate that publishes forgets its copy at once.
 */
export const CONFIG_STALE_SECONDS = 10;

// performance.now(), not Date.now(): the staleness bound is real elapsed time, whatever
// clock a request (or a test's fake Date) runs on.
let live: { active: ActiveConfig; fetchedAt: number } | null = null;

/** Drops this isolate's copy of the live config (publish and rollback call it). */
export function forgetLiveConfig(): void {
  live = null;
}

/**
 * Past this age a public request that can hand work off (`background`) still gets the cached
 * copy at once, and the isolate re-reads the pointer after it: a busy isolate then never
 * makes a visitor wait for the config, and the copy it serves is never older than
 * CONFIG_STALE_SECONDS (the re-read counts from when it started).
 */
export const CONFIG_REFRESH_AHEAD_SECONDS = CONFIG_STALE_SECONDS / 2;
let refreshing: Promise<void> | null = null;

/**
 * The live config, parsed, or null when nothing was ever published. `background` (the
 * request's `waitUntil`) lets a copy past CONFIG_REFRESH_AHEAD_SECONDS be refreshed after
 * the answer instead of before the next one.
 */
export async function loadActiveConfig(
  db: Database,
  background?: (work: Promise<unknown>) => void,
): Promise<ActiveConfig | null> {
  const at = performance.now();
  const age = live ? at - live.fetchedAt : Infinity;
  if (live && age < CONFIG_STALE_SECONDS * 1000) {
    if (background && age >= CONFIG_REFRESH_AHEAD_SECONDS * 1000 && !refreshing)
      background((refreshing = refreshAhead(db, live, at)));
    return live.active;
  }
  // Also frees a re-read whose request ended before it settled.
  refreshing = null;
  const active = await readActiveConfig(db);
  live = active ? { active, fetchedAt: at } : null;
  return active;
}

async function refreshAhead(db: Database, from: NonNullable<typeof live>, at: number): Promise<void> {
  try {
    const active = await readActiveConfig(db);
    // A publish in this isolate (forgetLiveConfig) or a newer read since wins over this one.
    if (live === from) live = active ? { active, fetchedAt: at } : null;
  } catch {
    // The next request past the bound reads it before answering.
  } finally {
    refreshing = null;
  }
}

/** The live config read now, past this isolate's staleness window: the base of a change. */
export async function readActiveConfig(db: Database): Promise<ActiveConfig | null> {
  const pointer = await getActivePointer(db);
  if (!pointer) return null;
  const cached = parsedCache.get(pointer.checksum);
  if (cached) return { version: pointer.version, checksum: pointer.checksum, config: cached };

  const row = await getVersion(db, pointer.version);
  const result = validateConfig(row?.config);
  // A stored live config that no longer validates is a deploy bug, not a client error.
  if (!result.ok) throw new Error(`active config version ${pointer.version} fails validation`);
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(pointer.checksum, result.config);
  return { version: pointer.version, checksum: pointer.checksum, config: result.config };
}
