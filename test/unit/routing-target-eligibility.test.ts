import { describe, expect, it } from "vitest";
import { resolveTarget, type EligibilityCheck } from "../../worker/core/routing/target";
import { ineligibilityOf } from "../../worker/core/routing/eligibility";
import type { Destination, Rep, RoutingConfig } from "../../worker/core/config-doc";
import { demoConfig } from "../../scripts/demo/config";
import { validateConfig } from "../../worker/core/config-doc";

// A Tuesday 15:00 UTC: 10:00 in New York, inside Rachel Kim's 08:30-17:00.
const NOW = Date.UTC(2026, 11, 1, 15, 0, 0);
const NIGHT = Date.UTC(2026, 11, 2, 3, 0, 0);

function configWith(edit: (rachel: Rep) => void): RoutingConfig {
  const result = validateConfig(structuredClone(demoConfig));
  if (!result.ok) throw new Error("demo config is invalid");
  const config = structuredClone(result.config);
  edit(config.reps.find((r) => r.id === "rachel-kim")!);
  return config;
}

const idle: EligibilityCheck = { now: NOW, loadOf: () => ({ dayCount: 0, weekCount: 0 }) };
const named: Destination = { type: "rep", repId: "rachel-kim", fallbackTeamId: "sdr-na" };
const owner: Destination = { type: "account_owner", fallbackTeamId: "sdr-na" };
const account = { owner: { repId: "rachel-kim" } } as never;

describe("named-rep and account-owner eligibility", () => {
  const cases: Array<[string, (r: Rep) => void, EligibilityCheck, Destination, string[]]> = [
    ["eligible", () => {}, idle, named, []],
    [
      "OOO today",
      (r) => void (r.ooo = [{ start: "2026-11-28T00:00:00Z", end: "2026-12-08T00:00:00Z" }]),
      idle,
      named,
      ["ooo"],
    ],
    ["inactive", (r) => void (r.active = false), idle, owner, ["inactive"]],
    [
      "at the daily cap",
      () => {},
      { now: NOW, loadOf: () => ({ dayCount: 4, weekCount: 4 }) },
      owner,
      ["cap_day"],
    ],
    [
      "at the weekly cap",
      () => {},
      { now: NOW, loadOf: () => ({ dayCount: 0, weekCount: 15 }) },
      named,
      ["cap_week"],
    ],
    ["out of hours, not asked", () => {}, { ...idle, now: NIGHT }, named, []],
    [
      "out of hours, asked",
      () => {},
      { ...idle, now: NIGHT },
      { ...owner, requireWorkingHours: true },
      ["outside_working_hours"],
    ],
  ];
  it.each(cases)("%s", (_name, edit, check, destination, reasons) => {
    const { target, skipped } = resolveTarget(destination, account, configWith(edit), {}, check);
    if (reasons.length === 0) {
      expect(target).toMatchObject({ kind: "rep", repId: "rachel-kim" });
      expect(skipped).toBeUndefined();
    } else {
      expect(target).toMatchObject({ kind: "team", teamId: "sdr-na" });
      expect(skipped).toEqual({ repId: "rachel-kim", reasons });
      expect(target?.why).toContain(`(${reasons.join(", ")})`);
    }
  });

  it("hands an ineligible named rep without a fallback team to the rule set's fallback (null)", () => {
    const config = configWith((r) => void (r.active = false));
    expect(resolveTarget({ type: "rep", repId: "rachel-kim" }, undefined, config, {}, idle)).toEqual({
      target: null,
      skipped: { repId: "rachel-kim", reasons: ["inactive"] },
    });
  });

  it("holds a CRM owner to the same eligibility: OOO, caps, and working hours when the destination asks", () => {
    const config = configWith(
      (r) => void (r.ooo = [{ start: "2026-11-28T00:00:00Z", end: "2026-12-08T00:00:00Z" }]),
    );
    const facts = { "crm.contact.exists": true, "crm.contact.ownerRepId": "rachel-kim" };
    const crm: Destination = { type: "crm_owner", fallbackTeamId: "sdr-na" };
    expect(resolveTarget(crm, undefined, config, facts, idle)).toMatchObject({
      target: {
        kind: "team",
        teamId: "sdr-na",
        why: "CRM owner rachel-kim is not eligible (ooo); fallback team sdr-na",
      },
      skipped: { repId: "rachel-kim", reasons: ["ooo"] },
    });
    const capped: EligibilityCheck = { now: NOW, loadOf: () => ({ dayCount: 4, weekCount: 4 }) };
    expect(
      resolveTarget(
        crm,
        undefined,
        configWith(() => {}),
        facts,
        capped,
      ).skipped,
    ).toEqual({
      repId: "rachel-kim",
      reasons: ["cap_day"],
    });
    const night: EligibilityCheck = { ...idle, now: NIGHT };
    expect(
      resolveTarget(
        crm,
        undefined,
        configWith(() => {}),
        facts,
        night,
      ).target,
    ).toMatchObject({
      kind: "rep",
      repId: "rachel-kim",
    });
    expect(
      resolveTarget(
        { ...crm, requireWorkingHours: true },
        undefined,
        configWith(() => {}),
        facts,
        night,
      ),
    ).toMatchObject({
      target: { kind: "team", teamId: "sdr-na" },
      skipped: { repId: "rachel-kim", reasons: ["outside_working_hours"] },
    });
  });

  it("judges a named rep exactly as a team member (one definition)", () => {
    const rep = configWith(() => {}).reps.find((r) => r.id === "rachel-kim")!;
    expect(ineligibilityOf(rep, NOW, { dayCount: 4, weekCount: 15 }, { requireWorkingHours: true })).toEqual([
      "cap_day",
      "cap_week",
    ]);
  });
});
