import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import type { DryRun, EventListDetail, RunResult } from "../../worker/event-lists/contract";
import { admin, clone } from "./helpers";
import { NOW } from "./intake-fixtures";

// Caps across a rep's teams inside one event-list batch: rows are routed back to back, so each
// row's lead must reach the rep's other teams before the next row, not only through the outbox.
const CAP = 2;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const config = clone(demoConfig);
  config.reps.find((r) => r.id === "rachel-kim")!.caps = { perDay: CAP, perWeek: 15 };
  const sdr = config.teams[0]!;
  config.teams.push(
    { ...clone(sdr), id: "solo", name: "Solo", members: [{ repId: "rachel-kim", weight: 1 }] },
    {
      ...clone(sdr),
      id: "pair2",
      name: "Pair",
      // Rachel first on any fresh count: without the caps across teams she gets the row.
      members: [
        { repId: "rachel-kim", weight: 1, priority: 5 },
        { repId: "marcus-johnson", weight: 1 },
      ],
    },
  );
  config.ruleSets[0]!.rules = ["solo", "pair2"].map((id) => ({
    id,
    name: `Booth ${id}`,
    when: { fact: "email_domain", op: "eq" as const, value: `${id}.example` },
    then: { type: "team" as const, teamId: id },
  }));
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(saved.status).toBe(201);
});
afterAll(() => vi.useRealTimers());

describe("an event list's batch", () => {
  it("keeps a rep capped through one team out of her other team, even with the outbox held up", async () => {
    const emails = ["a@solo.example", "b@solo.example", "c@pair2.example"];
    const upload = await admin("/v1/admin/event-lists", {
      method: "POST",
      body: {
        name: "Booth",
        ruleSetId: "default",
        rows: emails.map((email, i) => ({ row: i + 2, fields: { email } })),
      },
    });
    expect(upload.status).toBe(201);
    const { list } = await upload.json<EventListDetail>();
    const dry = await (
      await admin(`/v1/admin/event-lists/${list.id}/dry-run`, { method: "POST" })
    ).json<DryRun>();
    expect(dry.rows.map((r) => r.repId)).toEqual(["rachel-kim", "rachel-kim", "marcus-johnson"]);
    // No outbox entry runs during the batch: the rows must see each other without it.
    await env.DB.exec(
      "CREATE TRIGGER outbox_held BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'held'); END;",
    );
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {}); // "outbox claim failed"
    try {
      const res = await admin(`/v1/admin/event-lists/${list.id}/run?limit=10`, { method: "POST" });
      expect(res.status).toBe(200);
      expect((await res.json<RunResult>()).list.counts).toMatchObject({ pending: 0, routed: 3 });
    } finally {
      quiet.mockRestore();
      await env.DB.exec("DROP TRIGGER outbox_held;");
    }
    const { results } = await env.DB.prepare(
      `SELECT l.email_normalized AS email, a.rep_id AS repId FROM leads l
       JOIN assignments a ON a.lead_id = l.id WHERE l.form_id = 'event:list' ORDER BY l.email_normalized`,
    ).all<{ email: string; repId: string }>();
    expect(results.map((r) => [r.email, r.repId])).toEqual([
      ["a@solo.example", "rachel-kim"],
      ["b@solo.example", "rachel-kim"],
      ["c@pair2.example", "marcus-johnson"],
    ]);
  });
});
