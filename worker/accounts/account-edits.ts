/**
 * Account imports and edits: validation, the owner check against the active config, and the
 * audited write. The routes in admin-accounts.ts only read the request and answer.
 */
import { loadActiveConfig } from "../config/store";
import { auditInsert } from "../audit/audit-queries";
import type { Database } from "../db/client";
import { normalizeDomain } from "../core/account-match/normalize";
import { AppError } from "../errors";
import type { Actor } from "../http/hono-env";
import { existingDomains, upsertAccountStatements } from "./account-queries";
import { getAccount, updateAccountStatements } from "./account-admin-queries";
import type { Account, AccountPatch, ImportResult, InvalidRow } from "./contract";
import { parseAccounts, type RowError } from "./parse-import";

/** Row errors grouped per row, numbered as the whole file when the client sends `rowOffset`. */
function invalidRows(errors: RowError[], offset: number): InvalidRow[] {
  const byRow = new Map<number, { path: (string | number)[]; message: string }[]>();
  for (const e of errors)
    byRow.set(e.row, [...(byRow.get(e.row) ?? []), { path: e.path, message: e.message }]);
  return [...byRow].map(([row, errs]) => ({ row: row + offset, errors: errs }));
}

export type ImportOptions = { dryRun: boolean; skipInvalid: boolean; rowOffset: number };

/**
 * Validates the rows and upserts them by domain. All or nothing unless `skipInvalid`; with
 * `dryRun` nothing is written.
 */
export async function importAccounts(
  db: Database,
  actor: Actor,
  now: number,
  inputs: unknown[],
  o: ImportOptions,
): Promise<ImportResult> {
  const { accounts, errors } = parseAccounts(inputs);
  const invalid = invalidRows(errors, o.rowOffset);
  if (o.dryRun) return { received: inputs.length, valid: accounts.length, invalid };
  if (errors.length > 0 && !o.skipInvalid)
    throw new AppError(422, "validation_failed", "Some rows are invalid; nothing was imported.", {
      errors: errors.map((e) => ({ ...e, row: e.row + o.rowOffset })),
    });
  const existing = await existingDomains(
    db,
    accounts.map((a) => a.domain),
  );
  const created = accounts.filter((a) => !existing.has(a.domain)).length;
  const counts = { received: inputs.length, created, updated: accounts.length - created };
  const rows = accounts.map((a) => ({ ...a, createdAt: now, updatedAt: now }));
  const audit = auditInsert(db, actor, now, {
    action: "accounts.imported",
    details: { ...counts, invalid: invalid.length },
  });
  await db.batch([audit, ...upsertAccountStatements(db, rows)]);
  return o.skipInvalid ? { ...counts, valid: accounts.length, invalid } : counts;
}

/** Edits one account (its domain too); the owner must be a rep of the active config. */
export async function editAccount(
  db: Database,
  actor: Actor,
  now: number,
  domain: string,
  patch: AccountPatch,
): Promise<Account> {
  const current = await getAccount(db, normalizeDomain(domain) ?? "");
  if (!current) throw new AppError(404, "not_found", "No such account.");
  const merged = {
    domain: patch.domain ?? current.domain,
    name: patch.name ?? current.name,
    ownerRepId: patch.ownerRepId === undefined ? current.ownerRepId : patch.ownerRepId,
    parentDomain: patch.parentDomain === undefined ? current.parentDomain : patch.parentDomain,
  };
  const { accounts, errors } = parseAccounts([merged]);
  const next = accounts[0];
  if (errors.length > 0 || !next)
    throw new AppError(422, "validation_failed", "The account is invalid.", { errors });
  if (next.ownerRepId) {
    const active = await loadActiveConfig(db);
    if (active && !active.config.reps.some((r) => r.id === next.ownerRepId))
      throw new AppError(422, "validation_failed", "The owner is not a rep of the active config.", {
        errors: [{ path: ["ownerRepId"], code: "unknown_rep", message: `No rep "${next.ownerRepId}"` }],
      });
  }
  if (next.domain !== current.domain && (await getAccount(db, next.domain)))
    throw new AppError(409, "conflict", `An account for ${next.domain} already exists.`);
  const changed = Object.keys(patch).filter((k) => k in merged);
  const [first, ...rest] = updateAccountStatements(db, current, next, now);
  await db.batch([
    first!,
    ...rest,
    auditInsert(db, actor, now, {
      action: "account.updated",
      target: `account:${next.domain}`,
      details: { previousDomain: current.domain, changed },
    }),
  ]);
  return { ...current, ...next, updatedAt: now };
}
