import { normalizeDomain } from "../core/account-match";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import type { Signal, SignalOutcome, SignalsResponse } from "./contract";
import {
  deleteSignalsBefore,
  insertSignal,
  pruneDomain,
  setSignalLead,
  SIGNAL_RETENTION_MS,
} from "./signal-queries";
import { maybeCreateTask } from "./task";

/** A signal dated further ahead than this is a sender's clock or unit bug, and refused. */
const FUTURE_SKEW_MS = 10 * 60_000;

type RecordContext = {
  env: Env;
  db: Database;
  now: number;
  active: ActiveConfig;
  ctx?: { waitUntil(p: Promise<unknown>): void };
};

/** Why a valid-looking signal cannot be stored, or null. */
function rejection(domain: string | null, occurredAt: number, now: number): string | null {
  if (!domain) return "domain is not a web domain";
  if (occurredAt > now + FUTURE_SKEW_MS) return "occurredAt is in the future";
  return null;
}

/**
 * Stores each signal once per (source, id), keeps each domain's store bounded, and runs the
 * signal task rules on the new ones, in request order. A duplicate does nothing: no task, no
 * notification, whatever the config says now.
 */
export async function recordSignals(rc: RecordContext, signals: readonly Signal[]): Promise<SignalsResponse> {
  const results: SignalOutcome[] = [];
  const touched = new Set<string>();
  for (const s of signals) {
    const domain = normalizeDomain(s.domain);
    const occurredAt = Date.parse(s.occurredAt);
    const reason = rejection(domain, occurredAt, rc.now);
    if (reason || !domain) {
      results.push({ id: s.id, outcome: "rejected", reason: reason ?? undefined });
      continue;
    }
    const row = {
      id: crypto.randomUUID(),
      domain,
      source: s.source,
      eventId: s.id,
      kind: s.kind,
      strength: s.strength,
      occurredAt,
      receivedAt: rc.now,
      leadId: null,
    };
    if (!(await insertSignal(rc.db, row))) {
      results.push({ id: s.id, outcome: "duplicate" });
      continue;
    }
    touched.add(domain);
    const task = await maybeCreateTask(rc, row);
    if (task) await setSignalLead(rc.db, row.id, task.leadId);
    results.push({ id: s.id, outcome: "stored", ...(task ? { task } : {}) });
  }
  if (touched.size)
    await rc.db.batch([
      deleteSignalsBefore(rc.db, rc.now - SIGNAL_RETENTION_MS),
      ...[...touched].map((d) => pruneDomain(rc.db, d)),
    ]);
  const count = (o: SignalOutcome["outcome"]) => results.filter((r) => r.outcome === o).length;
  return { stored: count("stored"), duplicates: count("duplicate"), rejected: count("rejected"), results };
}
