/**
 * The price of region-bound storage, made visible. On Cloudflare the Worker runs next to the
 * visitor while D1's primary and each Durable Object live in one place, so every call to
 * them is a network round trip; locally each is almost free. `traceBindings` wraps the D1
 * binding, the Durable Object namespaces and the queue so that every call waits `delayMs`
 * first (a simulated round trip) and is recorded with its sequential depth.
 *
 * Depth: a call's depth is 1 + the deepest call that had finished when it started. Calls
 * started together (Promise.all, a batch) share a depth; a call that waited on another is one
 * deeper. The answer's depth is the deepest call finished before the response was made, i.e.
 * the number of round trips the visitor waited for one after the other.
 */

export type CallKind = "d1" | "do" | "queue";

export type TracedCall = {
  kind: CallKind;
  /** "d1 select … from leads", "d1 batch of 3", "do TEAM.assign", "queue sendBatch". */
  label: string;
  depth: number;
  done: boolean;
  /** Started after the response was made (waitUntil work): costs the visitor nothing. */
  afterAnswer: boolean;
};

export type TraceSummary = {
  /** Calls finished before the answer. */
  calls: number;
  /** The longest chain of calls the answer waited on, one after another. */
  depth: number;
  /** Calls started after the answer (ctx.waitUntil). */
  after: number;
  labels: string[];
};

/** The calls of one request. */
export class CallTrace {
  readonly calls: TracedCall[] = [];
  private answered = false;
  private answerDepth = 0;
  private answerCalls = 0;

  constructor(readonly delayMs: number) {}

  /** Runs `run` as one round trip: wait the simulated latency, then call through. */
  async record<T>(kind: CallKind, label: string, run: () => Promise<T>): Promise<T> {
    const depth = 1 + Math.max(0, ...this.calls.filter((c) => c.done).map((c) => c.depth));
    const call: TracedCall = { kind, label, depth, done: false, afterAnswer: this.answered };
    this.calls.push(call);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return await run();
    } finally {
      call.done = true;
    }
  }

  /** Marks the response as made; calls finished so far are the ones the visitor waited for. */
  answer(): void {
    if (this.answered) return;
    this.answered = true;
    const finished = this.calls.filter((c) => c.done);
    this.answerCalls = finished.length;
    this.answerDepth = Math.max(0, ...finished.map((c) => c.depth));
  }

  summary(): TraceSummary {
    if (!this.answered) this.answer();
    return {
      calls: this.answerCalls,
      depth: this.answerDepth,
      after: this.calls.filter((c) => c.afterAnswer).length,
      labels: this.calls.map((c) => `${c.afterAnswer ? "after " : ""}${c.depth} ${c.label}`),
    };
  }
}

type AnyFn = (...args: unknown[]) => unknown;

function statementLabel(query: string): string {
  return `d1 ${query.replace(/\s+/g, " ").replace(/"/g, "").slice(0, 70)}`;
}

function traceD1(db: D1Database, trace: CallTrace): D1Database {
  // D1 refuses proxies inside batch(); map each wrapped statement back to its original.
  const originals = new WeakMap<object, D1PreparedStatement>();
  const statement = (stmt: D1PreparedStatement, query: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => statement(target.bind(...args), query);
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "all" || prop === "raw" || prop === "run" || prop === "first")
          return (...args: unknown[]) =>
            trace.record(
              "d1",
              statementLabel(query),
              () => (value as AnyFn).apply(target, args) as Promise<unknown>,
            );
        return (value as AnyFn).bind(target);
      },
    });
    originals.set(proxy, stmt);
    return proxy;
  };
  const wrap = (target: D1Database | D1DatabaseSession): D1Database =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === "prepare") return (query: string) => statement(t.prepare(query), query);
        if (prop === "batch")
          return (stmts: D1PreparedStatement[]) =>
            trace.record("d1", `d1 batch of ${stmts.length}`, () =>
              t.batch(stmts.map((s) => originals.get(s) ?? s)),
            );
        if (prop === "exec")
          return (query: string) =>
            trace.record("d1", statementLabel(query), () => (t as D1Database).exec(query));
        if (prop === "withSession")
          return (...args: unknown[]) => wrap((t as D1Database).withSession(...(args as [string?])));
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === "function" ? (value as AnyFn).bind(t) : value;
      },
    }) as D1Database;
  return wrap(db);
}

/** A namespace whose stubs record every RPC call (getByName is the only way Baton reaches them). */
function traceObjects<T extends object>(name: string, ns: T, trace: CallTrace): T {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop !== "getByName" || typeof value !== "function") {
        return typeof value === "function" ? (value as AnyFn).bind(target) : value;
      }
      return (id: string) => {
        const stub = (value as AnyFn).call(target, id) as Record<string | symbol, unknown>;
        return new Proxy(stub, {
          get(s, method) {
            const fn = Reflect.get(s, method) as unknown;
            if (typeof fn !== "function" || typeof method === "symbol" || method === "then") return fn;
            // Called as a method of the stub: an RPC stub's function has no `apply` of its own.
            return (...args: unknown[]) =>
              trace.record(
                "do",
                `do ${name}.${method}`,
                () => (s[method] as AnyFn)(...args) as Promise<unknown>,
              );
          },
        });
      };
    },
  });
}

function traceQueue<T extends object>(queue: T, trace: CallTrace): T {
  return new Proxy(queue, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (prop === "send" || prop === "sendBatch")
        return (...args: unknown[]) =>
          trace.record(
            "queue",
            `queue ${prop}`,
            () => (value as AnyFn).apply(target, args) as Promise<unknown>,
          );
      return (value as AnyFn).bind(target);
    },
  });
}

/** The bindings with every region-bound call delayed and recorded in `trace`. */
export function traceBindings(env: Env, trace: CallTrace): Env {
  return {
    ...env,
    DB: traceD1(env.DB, trace),
    TEAM: traceObjects("TEAM", env.TEAM, trace),
    RATE_LIMITER: traceObjects("RATE_LIMITER", env.RATE_LIMITER, trace),
    NOTIFICATIONS: traceQueue(env.NOTIFICATIONS, trace),
  };
}

/** The header a traced response carries: "calls=8, depth=6, after=2". */
export const TRACE_HEADER = "X-Baton-Edge-Trace";

/**
 * The simulated latency the deployment asks for, or null (always null in production: the
 * wrapper is for `wrangler dev`, tests and benches only). Reading one var per request is the
 * whole cost when it is off.
 */
export function simulatedLatency(env: Env): number | null {
  const raw = env.EDGE_LATENCY_MS;
  if (!raw || env.ENVIRONMENT === "production") return null;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/**
 * Wraps a fetch handler: with EDGE_LATENCY_MS set, every storage call of the request is
 * delayed and traced, and the response carries the trace in `X-Baton-Edge-Trace`.
 */
export function withEdgeTrace(
  handler: (req: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>,
) {
  return async (req: Request, env: Env, ctx: ExecutionContext): Promise<Response> => {
    const delay = simulatedLatency(env);
    if (delay === null) return handler(req, env, ctx);
    const trace = new CallTrace(delay);
    const res = await handler(req, traceBindings(env, trace), ctx);
    trace.answer();
    const { calls, depth, after } = trace.summary();
    const traced = new Response(res.body, res);
    traced.headers.set(TRACE_HEADER, `calls=${calls}, depth=${depth}, after=${after}`);
    return traced;
  };
}
