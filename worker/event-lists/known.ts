/** Which rows of a list make no new lead: this list's earlier lead, or an existing person. */
import type { RoutingConfig } from "../core/config-doc";
import { sha256Hex } from "../security/tokens";
import type { Database } from "../db/client";
import { leadsByKeys, recentLeadsByEmail, type KnownLead } from "./event-list-queries";

const DAY_MS = 86_400_000;

/**
 * How far back an existing lead with the same email absorbs a row: the widest
 * `dedupeWindowDays` among the teams, the window inside which intake's team objects already
 * treat the same email as the same person. 0 everywhere turns merging off.
 */
export function mergeWindowMs(config: RoutingConfig): number {
  const days = Math.max(0, ...config.teams.map((t) => t.distribution.dedupeWindowDays));
  return days * DAY_MS;
}

/** The idempotency key of the lead a list row makes: hash(list identity, normalised email). */
export async function rowLeadKey(identityHash: string, email: string): Promise<string> {
  return `ev:${await sha256Hex(`${identityHash}\n${email}`)}`;
}

export type Known =
  /** This list's own lead, from an earlier (possibly interrupted) run of this same upload. */
  | { kind: "own"; lead: KnownLead }
  /** A lead an earlier upload of the same event made. */
  | { kind: "duplicate"; lead: KnownLead }
  /** Someone already known (a form, email or another event) inside the merge window. */
  | { kind: "merged"; lead: KnownLead };

/** Looks up, in two reads per 90 rows, what each row's email already has. */
export async function knownRows(
  db: Database,
  list: { id: string; identityHash: string },
  rows: readonly { row: number; emailNormalized: string | null }[],
  config: RoutingConfig,
  now: number,
): Promise<{ keys: Map<number, string>; known: Map<number, Known> }> {
  const withEmail = rows.filter(
    (r): r is { row: number; emailNormalized: string } => r.emailNormalized !== null,
  );
  const keys = new Map<number, string>();
  for (const r of withEmail) keys.set(r.row, await rowLeadKey(list.identityHash, r.emailNormalized));
  const window = mergeWindowMs(config);
  const [byKey, byEmail] = await Promise.all([
    leadsByKeys(db, [...keys.values()]),
    window > 0
      ? recentLeadsByEmail(
          db,
          withEmail.map((r) => r.emailNormalized),
          now - window,
        )
      : Promise.resolve(new Map<string, KnownLead>()),
  ]);
  const known = new Map<number, Known>();
  for (const r of withEmail) {
    const mine = byKey.get(keys.get(r.row)!);
    const listId = (mine?.context?.eventList as { id?: unknown } | undefined)?.id;
    if (mine) known.set(r.row, { kind: listId === list.id ? "own" : "duplicate", lead: mine });
    else {
      const other = byEmail.get(r.emailNormalized);
      if (other) known.set(r.row, { kind: "merged", lead: other });
    }
  }
  return { keys, known };
}
