/**
 * Bench-only Worker: the team object plus a fetch handler that pushes N assignments through
 * one team object with a bounded number in flight. It runs inside workerd next to the object,
 * so the figure measures the object, not the Node ↔ workerd bridge.
 */
import type { TeamConfigSlice, TeamDurableObject } from "../../../worker/team/team-durable-object";

export { TeamDurableObject } from "../../../worker/team/team-durable-object";

type BenchEnv = { TEAM: DurableObjectNamespace<TeamDurableObject> };
type BenchRequest = { team: string; n: number; concurrency: number; teamConfig: TeamConfigSlice; now: number };

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const { team, n, concurrency, teamConfig, now } = (await request.json()) as BenchRequest;
    const stub = env.TEAM.getByName(team);
    let next = 0;
    let assigned = 0;
    const lane = async () => {
      while (next < n) {
        const i = next++;
        const r = await stub.assign({ leadId: `${team}-${i}`, emailNormalized: `v${i}@example.com`, teamConfig, now: now + i });
        if (r.ok) assigned++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return Response.json({ assigned, status: await stub.status() });
  },
};
