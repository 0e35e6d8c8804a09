import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TeamDurableObject } from "../../worker/team/team-durable-object";

describe("team Durable Object", () => {
  it("is SQLite-backed and keeps its team binding across calls", async () => {
    const stub = env.TEAM.getByName("sdr-na");
    expect(await stub.status()).toEqual({ teamId: null, configVersion: null, assignmentsRecorded: 0 });
    expect(await stub.useConfig("sdr-na", 3)).toEqual({
      teamId: "sdr-na",
      configVersion: 3,
      assignmentsRecorded: 0,
    });
    await runInDurableObject(stub, async (instance, state) => {
      expect(instance).toBeInstanceOf(TeamDurableObject);
      const rows = state.storage.sql
        .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'config_version'")
        .toArray();
      expect(rows).toEqual([{ value: "3" }]);
    });
  });

  it("gives each team its own object", async () => {
    await env.TEAM.getByName("emea").useConfig("emea", 1);
    expect((await env.TEAM.getByName("partners").status()).teamId).toBeNull();
  });
});
