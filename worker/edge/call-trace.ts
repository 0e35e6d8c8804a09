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
 *
 * Read replicas: a read through a D1 session that may be served by a replica (one started from
 * a bookmark, or any query after the first of a `first-primary` session; see
 * worker/db/d1-session.ts) is "near": it waits `replicaMs` instead and does not count toward
 * `regionDepth`, the chain of calls that had to reach the region holding the data.
 */

export type CallKind = "d1" | "do" | "queue";

export type TracedCall = {
  kind: CallKind;
  /** "d1 select … from leads", "d1 batch of 3", "do TEAM.assign", "queue sendBatch". */
  label: string;
  depth: number;
  /** Region-bound calls in the chain up to and including this one. */
  regionDepth: number;
  /** A read a nearby D1 replica may serve (see the file's comment). */
  near: boolean;
  done: boolean;
  /** Started after the response was made (waitUntil work): costs the visitor nothing. */
  afterAnswer: boolean;
};

export type TraceSummary = {
  /** Calls finished before the answer. */
  calls: number;
  /** The longest chain of calls the answer waited on, one after another. */
  depth: number;
  /** The same chain counting only calls that reach the data's region (not replica reads). */
  regionDepth: number;
  /** Calls started after the answer (ctx.waitUntil). */
  after: number;
  labels: string[];
};

/** The calls of one request. */
export class CallTrace {
  readonly calls: TracedCall[] = [];
  private answered = false;
  private answerDepth = 0;
  private answerRegionDepth = 0;
  private answerCalls = 0;

  /** `replicaMs`: the round trip to a nearby D1 read replica (near reads only). */
  constructor(
    readonly delayMs: number,
    readonly replicaMs = 0,
  ) {}

  /** Runs `run` as one round trip: wait the simulated latency, then call through. */
  async record<T>(kind: CallKind, label: string, run: () => Promise<T>, near = false): Promise<T> {
    const finished = this.calls.filter((c) => c.done);
    const call: TracedCall = {
      kind,
      label: near ? `${label} (replica)` : label,
      depth: 1 + Math.max(0, ...finished.map((c) => c.depth)),
      regionDepth: (near ? 0 : 1) + Math.max(0, ...finished.map((c) => c.regionDepth)),
      near,
      done: false,
      afterAnswer: this.answered,
    };
    this.calls.push(call);
    const wait = near ? this.replicaMs : this.delayMs;
    try {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
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
    this.answerRegionDepth = Math.max(0, ...finished.map((c) => c.regionDepth));
  }

  summary(): TraceSummary {
    if (!this.answered) this.answer();
    return {
      calls: this.answerCalls,
      depth: this.answerDepth,
      regionDepth: this.answerRegionDepth,
      after: this.calls.filter((c) => c.afterAnswer).length,
      labels: this.calls.map((c) => `${c.afterAnswer ? "after " : ""}${c.depth} ${c.label}`),
    };
  }
}

type AnyFn = (...args: unknown[]) => unknown;

function statementLabel(query: string): string {
  return `d1 ${query.replace(/\s+/g, " ").replace(/"/g, "").slice(0, 70)}`;
}

const WRITE = /\b(insert|update|delete|replace|create|drop|alter)\b/i;
/** A statement a read replica may answer: a query that writes nothing. */
const isRead = (query: string) => /^\s*(select|with)\b/i.test(query) && !WRITE.test(query);

/**
 * Where a session's reads may go. The plain binding always reaches the primary; a session
 * started from a bookmark (or unconstrained) may read from a replica at once, a
 * `first-primary` one after its first query has answered.
 */
type SessionRoute = { replicaOk: boolean } | null;

function traceD1(db: D1Database, trace: CallTrace): D1Database {
  // D1 refuses proxies inside batch(); map each wrapped statement back to its original.
  const originals = new WeakMap<object, D1PreparedStatement>();
  const queries = new WeakMap<D1PreparedStatement, string>();
  const call = <T>(route: SessionRoute, label: string, reads: boolean, run: () => Promise<T>) =>
    trace
      .record("d1", label, run, reads && route !== null && route.replicaOk)
      .finally(() => route && (route.replicaOk = true));
  const statement = (stmt: D1PreparedStatement, query: string, route: SessionRoute): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => statement(target.bind(...args), query, route);
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "all" || prop === "raw" || prop === "run" || prop === "first")
          return (...args: unknown[]) =>
            call(
              route,
              statementLabel(query),
              isRead(query),
              () => (value as AnyFn).apply(target, args) as Promise<unknown>,
            );
        return (value as AnyFn).bind(target);
      },
    });
    originals.set(proxy, stmt);
    queries.set(proxy, query);
    return proxy;
  };
  const wrap = (target: D1Database | D1DatabaseSession, route: SessionRoute): D1Database =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === "prepare") return (query: string) => statement(t.prepare(query), query, route);
        if (prop === "batch")
          return (stmts: D1PreparedStatement[]) =>
            call(
              route,
              `d1 batch of ${stmts.length}`,
              stmts.every((s) => isRead(queries.get(s) ?? "")),
              () => t.batch(stmts.map((s) => originals.get(s) ?? s)),
            );
        if (prop === "exec")
          return (query: string) =>
            trace.record("d1", statementLabel(query), () => (t as D1Database).exec(query));
        if (prop === "withSession")
          return (constraint?: string) =>
            wrap((t as D1Database).withSession(constraint), {
              replicaOk: constraint !== "first-primary",
            });
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === "function" ? (value as AnyFn).bind(t) : value;
      },
    }) as D1Database;
  return wrap(db, null);
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

const UNTRACED = Symbol("untraced env");

/**
 * The bindings a traced request's `env` wraps (the env itself when untraced). Per-isolate
 * caches keyed by `env` use it, so that they hit across traced requests as they do across
 * real ones (each traced request gets a new wrapper object).
 */
export function untraced(env: Env): Env {
  return (env as Env & { [UNTRACED]?: Env })[UNTRACED] ?? env;
}

/** The bindings with every region-bound call delayed and recorded in `trace`. */
export function traceBindings(env: Env, trace: CallTrace): Env {
  const wrapped: Env & { [UNTRACED]: Env } = {
    ...env,
    [UNTRACED]: untraced(env),
    DB: traceD1(env.DB, trace),
    TEAM: traceObjects("TEAM", env.TEAM, trace),
    RATE_LIMITER: traceObjects("RATE_LIMITER", env.RATE_LIMITER, trace),
    NOTIFICATIONS: traceQueue(env.NOTIFICATIONS, trace),
  };
  return wrapped;
}

/** The header a traced response carries: "calls=8, depth=6, region=4, after=2". */
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

export const DEFAULT_REPLICA_MS = 10;

/**
 * A nearby replica's round trip: EDGE_REPLICA_MS, else 10 ms (a D1 replica sits in each of
 * its six regions, so a visitor's is usually within the same continent), never above `delay`.
 */
export function simulatedReplicaLatency(env: Env, delay: number): number {
  const ms = Number(env.EDGE_REPLICA_MS ?? DEFAULT_REPLICA_MS);
  return Math.min(delay, Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_REPLICA_MS);
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
    const trace = new CallTrace(delay, simulatedReplicaLatency(env, delay));
    const res = await handler(req, traceBindings(env, trace), ctx);
    trace.answer();
    const { calls, depth, regionDepth, after } = trace.summary();
    const traced = new Response(res.body, res);
    traced.headers.set(TRACE_HEADER, `calls=${calls}, depth=${depth}, region=${regionDepth}, after=${after}`);
    return traced;
  };
}
