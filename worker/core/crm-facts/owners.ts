import type { Rep } from "../config-doc";
import type { CrmOwner } from "./types";

/** Owner ids mapped to reps, and the owners no rep matched (shown flagged to the admin). */
export type OwnerMapping = {
  repByOwner: ReadonlyMap<string, string>;
  ownerByRep: ReadonlyMap<string, string>;
  unmapped: CrmOwner[];
};

const norm = (email: string | null) => email?.trim().toLowerCase() ?? "";

/**
 * Maps CRM owners to reps by email (case-insensitive). An explicit override (admin's choice
 * on the Integrations screen) wins over the email match; an override to an unknown rep is
 * ignored. Archived owners map too (their records still exist) but are not flagged.
 */
export function mapOwners(
  owners: readonly CrmOwner[],
  reps: readonly Pick<Rep, "id" | "email">[],
  overrides: Readonly<Record<string, string>> = {},
): OwnerMapping {
  const repIds = new Set(reps.map((r) => r.id));
  const byEmail = new Map(reps.map((r) => [norm(r.email), r.id]));
  const repByOwner = new Map<string, string>();
  const ownerByRep = new Map<string, string>();
  const unmapped: CrmOwner[] = [];
  for (const owner of owners) {
    const forced = overrides[owner.id];
    const repId = forced && repIds.has(forced) ? forced : byEmail.get(norm(owner.email));
    if (!repId) {
      if (!owner.archived) unmapped.push(owner);
      continue;
    }
    repByOwner.set(owner.id, repId);
    // A rep with two CRM users (old and new login) writes as the live one.
    if (!ownerByRep.has(repId) || !owner.archived) ownerByRep.set(repId, owner.id);
  }
  return { repByOwner, ownerByRep, unmapped };
}
