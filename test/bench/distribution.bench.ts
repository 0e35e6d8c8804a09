import { test } from "vitest";
import { teamSchema } from "../../worker/core/config-doc";
import { chooseRep as importedChooseRep, type TeamState } from "../../worker/core/distribution";
import { rep } from "../unit/distribution-fixtures";

// Read the export once: vitest's module runner turns every use of an import into a getter call,
// which would be timed with the chooser.
const chooseRep = importedChooseRep;

const zones = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];

function setup(size: number, mode: "round_robin" | "weighted") {
  const reps = Array.from({ length: size }, (_, i) =>
    rep(`r${i}`, { timezone: zones[i % zones.length], caps: { perDay: 1_000_000 } }),
  );
  const team = teamSchema.parse({
    id: "bench",
    name: "Bench",
    members: reps.map((r, i) => ({ repId: r.id, weight: 1 + (i % 3) })),
    distribution: { mode, requireWorkingHours: true },
  });
  return { team, reps };
}

// Each iteration is one decision on a state that keeps growing, as in the team object.
for (const size of [7, 50]) {
  test(`chooseRep, ${size} reps in 4 zones, caps and working hours`, async ({ bench }) => {
    const cases = (["round_robin", "weighted"] as const).map((mode) => {
      const { team, reps } = setup(size, mode);
      let state: TeamState = { seq: 0, reps: {} };
      let now = Date.parse("2026-03-09T15:00:00Z");
      return bench(mode, () => {
        const r = chooseRep({ team, reps, state, now: (now += 1000), orgTimezone: "Europe/Berlin" });
        if (r.ok) state = r.next;
      });
    });
    await bench.compare(...cases, { time: 1000 });
  });
}
