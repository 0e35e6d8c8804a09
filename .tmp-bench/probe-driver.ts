import { TeamDurableObject as Base } from "../worker/team/team-durable-object";
export class TeamDurableObject extends Base {
  async w1(i: number): Promise<number> { this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta VALUES ('x', ?)", String(i)); return 1; }
  async w1tx(i: number): Promise<number> { return this.ctx.storage.transactionSync(() => { this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta VALUES ('x', ?)", String(i)); return 1; }); }
  async r1(i: number): Promise<number> { return this.ctx.storage.sql.exec("SELECT * FROM leads WHERE lead_id = ?", String(i)).toArray().length; }
  async echo(input: unknown): Promise<number> { return input ? 1 : 0; }
  async chooseOnly(input: any): Promise<number> {
    const { chooseRep } = await import("../worker/core/distribution");
    let state = { seq: 0, reps: {} } as any;
    for (let i = 0; i < input.n; i++) { const r = chooseRep({ team: input.teamConfig.team, reps: input.teamConfig.reps, state, now: input.now + i, orgTimezone: "Europe/Berlin" }); if (r.ok) state = r.next; }
    return state.seq;
  }
}
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const { team, n, concurrency, teamConfig, now, op } = (await request.json()) as any;
    const stub = env.TEAM.getByName(team);
    if (op === "choose") { const t = Date.now(); await stub.chooseOnly({ n, teamConfig, now }); return Response.json({ assigned: n }); }
    let next = 0;
    const lane = async () => {
      while (next < n) {
        const i = next++;
        if (op === "echo") await stub.echo({ leadId: `x${i}`, teamConfig, now });
        else if (op === "w1") await stub.w1(i);
        else if (op === "w1tx") await stub.w1tx(i);
        else if (op === "r1") await stub.r1(i);
        else if (op === "tiny") await stub.echo({ leadId: `x${i}`, now });
        else if (op === "str") await stub.echo({ leadId: `x${i}`, teamConfig: JSON.stringify(teamConfig), now });
        else if (op === "noemail") await stub.assign({ leadId: `${team}-${i}`, teamConfig, now: now + i });
        else if (op === "nohours") await stub.assign({ leadId: `${team}-${i}`, teamConfig: { ...teamConfig, team: { ...teamConfig.team, distribution: { ...teamConfig.team.distribution, requireWorkingHours: false } } }, now: now + i });
        else await stub.assign({ leadId: `${team}-${i}`, emailNormalized: `v${i}@example.com`, teamConfig, now: now + i });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return Response.json({ assigned: n });
  },
};
