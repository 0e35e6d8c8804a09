// The smallest Worker shaped like an intake: read the body, do `n` units of one kind of I/O
// in sequence, answer 201 JSON. Plain JS so that the Node-typed bench config needs no
// Workers types (as test/bench/team-do.ts does for its driver).
import { DurableObject } from "cloudflare:workers";

/** One object for everything, as a team object serves every lead routed to its team. */
export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS hits (id TEXT PRIMARY KEY, at INTEGER)");
  }

  /** One SQLite write, committed before the answer leaves (like an assignment). */
  hit(id, at) {
    this.ctx.storage.sql.exec("INSERT INTO hits (id, at) VALUES (?, ?)", id, at);
    return { ok: true };
  }
}

const OPS = {
  plain: async () => {},
  d1: (env, id, body) =>
    env.DB.prepare("INSERT INTO leads (id, at, body) VALUES (?, ?, ?)").bind(id, Date.now(), body).run(),
  d1read: (env, id) => env.DB.prepare("SELECT id FROM leads WHERE id = ?").bind(id).first(),
  do: (env, id) => env.COUNTER.getByName("team").hit(id, Date.now()),
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") {
      await env.DB.exec("CREATE TABLE IF NOT EXISTS leads (id TEXT PRIMARY KEY, at INTEGER, body TEXT)");
      return new Response("ok");
    }
    const op = OPS[url.pathname.slice(1)];
    if (!op) return new Response("not found", { status: 404 });
    const body = await request.text();
    const n = Number(url.searchParams.get("n") ?? 1);
    for (let i = 0; i < n; i++) await op(env, `${crypto.randomUUID()}`, body);
    return Response.json({ status: "ok", n }, { status: 201 });
  },
};
