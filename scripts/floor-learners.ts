/**
 * Learners for the floor simulation's predictive policy: each mirrors what the team object
 * stores and hands the chooser, so the simulation measures the model the product runs.
 */
import type { Team } from "../worker/core/config-doc";
import {
  DAY_MS,
  dayOf,
  featureKeys,
  mergeLabel,
  predictiveSettings,
  seedFrom,
  segmentKey,
  type OutcomeLabel,
  type RepOutcomes,
} from "../worker/core/distribution";
import { EvidenceTable } from "../worker/team/evidence-table";
import type { FloorLead } from "./floor-world";
import type { Learner } from "./floor-run";

function bump(o: RepOutcomes | undefined, label: OutcomeLabel, by: number): RepOutcomes {
  const base = o ?? { successes: 0, failures: 0 };
  return label === "success"
    ? { ...base, successes: base.successes + by }
    : { ...base, failures: base.failures + by };
}

/**
 * The segment model as the team object kept it before issue 23: lifetime counts per rep ×
 * segment of the outcomes reported so far, and each rep's totals for the prior.
 */
export function segmentLearner(team: Team): Learner {
  const settings = predictiveSettings(team);
  const cells = new Map<string, Record<string, RepOutcomes>>();
  const totals: Record<string, RepOutcomes> = {};
  const labels = new Map<string, OutcomeLabel>();
  const segmentOf = (lead: FloorLead) => segmentKey(settings.segments, lead.facts);
  return {
    input: (lead) => ({
      segment: segmentOf(lead),
      outcomes: cells.get(segmentOf(lead)) ?? {},
      repTotals: totals,
      seed: seedFrom(lead.id),
    }),
    assigned: () => {},
    outcome: (lead, repId, label) => {
      const prev = labels.get(lead.id) ?? null;
      const merged = mergeLabel(prev, label);
      if (merged === prev) return;
      const segment = segmentOf(lead);
      const cell = cells.get(segment) ?? {};
      if (prev) {
        cell[repId] = bump(cell[repId], prev, -1);
        totals[repId] = bump(totals[repId], prev, -1);
      }
      cell[repId] = bump(cell[repId], merged, 1);
      totals[repId] = bump(totals[repId], merged, 1);
      cells.set(segment, cell);
      labels.set(lead.id, merged);
    },
  };
}

/**
 * The feature model as the team object runs it (worker/team/evidence-table.ts): decayed,
 * maturity-weighted evidence per rep × lead feature, every descriptive fact of the lead.
 */
export function featureLearner(team: Team): Learner {
  const settings = predictiveSettings(team);
  const table = new EvidenceTable(settings.evidence);
  const leads = new Map<string, { repId: string; features: string[]; label: OutcomeLabel | null }>();
  let lastPrune = 0;
  return {
    input: (lead, now) => {
      if (now - lastPrune > DAY_MS) table.prune((lastPrune = now));
      const features = featureKeys(settings.features, settings.autoFeatures, lead.facts);
      return {
        segment: segmentKey(settings.segments, lead.facts),
        outcomes: {},
        seed: seedFrom(lead.id),
        evidence: table.evidence(features, now),
      };
    },
    assigned: (lead, repId, now) => {
      const features = featureKeys(settings.features, settings.autoFeatures, lead.facts);
      leads.set(lead.id, { repId, features, label: null });
      table.setLead(lead.id, { repId, features, day: dayOf(now), label: null });
    },
    outcome: (lead, repId, label, now) => {
      const known = leads.get(lead.id);
      if (!known) return;
      const merged = mergeLabel(known.label, label);
      if (merged === known.label) return;
      const day = dayOf(lead.at);
      if (merged === "success") table.addDelay(day, dayOf(now) - day);
      known.label = merged;
      table.setLead(lead.id, { repId, features: known.features, day, label: merged });
    },
  };
}
