/**
 * What the vendor fakes share: a loopback HTTP server that reads and parses each request, a
 * JSON answer, a recording of what was asked (tests run inside workerd and read it over HTTP),
 * and fault injection — queued or periodic faults, an outage switch, added latency, and a
 * hang that never answers so the client's timeout fires. What a fault looks like on the wire
 * (a 429's body and Retry-After, a 503's error code) is each vendor's, so it stays in its fake.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** An answer in the vendor's shape; `body` is sent as JSON (nothing for 204). */
export type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A request as the fakes route it: the form body as URLSearchParams, a JSON body parsed. */
export type FakeRequest = {
  req: IncomingMessage;
  method: string;
  url: URL;
  /** Parsed body: URLSearchParams for a form, JSON otherwise, undefined when empty. */
  body: any;
};

/** Writes a JSON answer (a 204 has no body). */
export function sendJson(res: ServerResponse, a: Answer, contentType = "application/json"): void {
  if (a.status === 204) {
    res.writeHead(204, a.headers);
    res.end();
    return;
  }
  res.writeHead(a.status, { "Content-Type": contentType, ...a.headers });
  res.end(JSON.stringify(a.body));
}

/** Answers a 302 to `location` (the OAuth consent screens, approved at once). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location });
  res.end();
}

/**
 * Starts `handle` on a loopback port (0 = any free one). A throw in `handle` answers
 * `onError(err)` in the vendor's error shape, so a fake's bug shows as a 500, not a hang.
 */
export function startFake(
  handle: (request: FakeRequest, res: ServerResponse) => void,
  onError: (err: unknown) => Answer,
  port = 0,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      try {
        const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
        const body = form ? new URLSearchParams(raw) : raw ? JSON.parse(raw) : undefined;
        handle({ req, method: req.method ?? "GET", url: new URL(req.url ?? "/", "http://fake"), body }, res);
      } catch (err) {
        if (!res.headersSent) sendJson(res, onError(err));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${bound}`, server });
    });
  });
}

/** The `/__control/faults` body every fault plan takes. */
export type FaultSettings = {
  queue?: string[];
  rate?: number;
  kinds?: string[];
  down?: boolean;
  latencyMs?: number;
};

/**
 * Which calls fail, and how: `down` fails every call with "503"; else the `queue` answers the
 * next calls in order; else every 1/rate-th call gets the `kinds` in turn (deterministic, so a
 * fault run repeats). Kinds are the fake's words ("429", "503", "hang", …).
 */
export class FaultPlan {
  queue: string[] = [];
  rate = 0;
  kinds: string[] = [];
  calls = 0;
  down = false;
  latencyMs = 0;

  /** Applies a control body; the periodic count starts again. */
  configure(s: FaultSettings): void {
    if (s.queue) this.queue = [...s.queue];
    if (s.rate !== undefined) this.rate = s.rate;
    if (s.kinds) this.kinds = [...s.kinds];
    if (s.down !== undefined) this.down = s.down;
    if (s.latencyMs !== undefined) this.latencyMs = s.latencyMs;
    this.calls = 0;
  }

  /** The fault this call meets, if any. */
  next(): string | undefined {
    if (this.down) return "503";
    if (this.queue.length) return this.queue.shift();
    if (this.rate > 0) {
      this.calls++;
      const every = Math.round(1 / this.rate);
      if (this.calls % every === 0)
        return this.kinds[Math.floor(this.calls / every) % this.kinds.length] ?? "500";
    }
    return undefined;
  }

  /** Sends `a` after the plan's latency; "hang" is never answered (the client times out). */
  answer(res: ServerResponse, a: Answer | "hang", contentType?: string): void {
    if (a === "hang") return;
    if (this.latencyMs) setTimeout(() => sendJson(res, a, contentType), this.latencyMs);
    else sendJson(res, a, contentType);
  }
}

/**
 * What a fake was asked, in order, with long-poll: `wait` answers once `count` entries match
 * (a test waiting for a retry that the queue schedules later).
 */
export class Recording<T> {
  readonly entries: T[] = [];
  private waiters: { match: (e: T) => boolean; count: number; done: () => void }[] = [];

  push(entry: T): void {
    this.entries.push(entry);
    this.waiters = this.waiters.filter((w) => {
      const reached = this.entries.filter(w.match).length >= w.count;
      if (reached) w.done();
      return !reached;
    });
  }

  matching(match: (e: T) => boolean): T[] {
    return this.entries.filter(match);
  }

  /** Calls `done` once `count` entries match, now or when they arrive. */
  wait(match: (e: T) => boolean, count: number, done: () => void): void {
    if (this.entries.filter(match).length >= count) done();
    else this.waiters.push({ match, count, done });
  }
}

/**
 * Faults queued per key (a calendar id, a mailbox, a grant), for the fakes whose tests aim a
 * fault at one calendar: a call meets the first fault queued under any of its keys.
 */
export class KeyedFaults {
  private readonly queues = new Map<string, string[]>();

  set(key: string, faults: readonly string[]): void {
    this.queues.set(key, [...faults]);
  }

  /** The fault waiting for `key`, left in place. */
  peek(key: string): string | undefined {
    return this.queues.get(key)?.[0];
  }

  /** Takes the first fault queued under any of `keys`. */
  next(keys: readonly string[]): string | undefined {
    for (const key of keys) {
      const queue = this.queues.get(key);
      if (queue?.length) return queue.shift();
    }
    return undefined;
  }
}

/**
 * Answers `/__control/requests` (what was asked under `?key=`) and `/__control/wait`
 * (the same, once `?count=` of them have arrived) with `reply`; false for any other path.
 */
export function answerRecording<T>(
  url: URL,
  recording: Recording<T>,
  keyed: (key: string) => (entry: T) => boolean,
  reply: (body: { requests: T[] }) => void,
): boolean {
  const match = keyed(url.searchParams.get("key") ?? "");
  const answer = () => reply({ requests: recording.matching(match) });
  if (url.pathname === "/__control/requests") answer();
  else if (url.pathname === "/__control/wait")
    recording.wait(match, Number(url.searchParams.get("count") ?? 1), answer);
  else return false;
  return true;
}
