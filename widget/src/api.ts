import { languageQuery, setMessages } from "./i18n";
import type {
  BookingCreated,
  BookingRequest,
  PublicForm,
  SlotsResponse,
  SubmissionRequest,
  SubmissionResponse,
} from "./types";

/** Every console message of the widget, prefixed so that a marketer can tell whose it is. */
export const warn = (...what: unknown[]) => console.warn("[baton]", ...what);

/** A failed call to Baton; `status` is 0 when Baton could not be reached at all. */
export class BatonRequestError extends Error {
  // Assigned in the constructor, not as class fields or parameter properties: at the
  // es2020 target those compile to defineProperty helpers that cost the bundle ~300 bytes.
  declare readonly status: number;
  /** The `error` object of Baton's JSON error body, when it sent one. */
  declare readonly body: { code?: string; message?: string; details?: any };
  constructor(status: number, message: string, body: BatonRequestError["body"] = {}) {
    super(message);
    Object.assign(this, { status, body });
  }
}

// A slow Baton must not leave a spinner on the marketer's page forever.
const TIMEOUT_MS = 10_000;
/** Waits before the 2nd and 3rd attempt: a blip on a phone's network passes, an outage fails fast. */
const RETRY_DELAYS_MS = [500, 1000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * D1's bookmark from the last answer of each Baton origin (`X-D1-Bookmark`), sent back as
 * `?bookmark=` on the slots GET (which then stays a simple request, no preflight) and as the
 * header on the booking POST, so that they may read from the replica nearest the visitor and
 * still see the lead just written (docs/performance.md).
 */
const marks: Record<string, string> = {};

async function attempt<T>(url: string, init: RequestInit, ms = TIMEOUT_MS): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: "omit", signal: AbortSignal.timeout(ms) });
  } catch {
    throw new BatonRequestError(0, "unreachable");
  }
  const origin = new URL(url).origin;
  marks[origin] = res.headers.get("X-D1-Bookmark") || marks[origin] || "";
  let json: any;
  try {
    json = await res.json();
  } catch {
    if (res.ok) throw new BatonRequestError(res.status, "no JSON");
  }
  if (!res.ok) throw new BatonRequestError(res.status, `HTTP ${res.status}`, json?.error ?? {});
  return json as T;
}

/**
 * Only unreachable (status 0) and gateway answers are retried: anything else is Baton's
 * considered answer. POSTs are safe to repeat: submissions carry an Idempotency-Key, and a
 * repeated booking answers 409 conflict rather than booking twice.
 */
async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt<T>(url, init);
    } catch (err) {
      const transient = err instanceof BatonRequestError && (err.status === 0 || err.status >= 502);
      const delay = RETRY_DELAYS_MS[i];
      if (!transient || delay === undefined) throw err;
      await sleep(delay);
    }
  }
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The endpoints one embed talks to, all under the origin its script was loaded from. */
export function batonApi(base: string, formId: string, lang?: string) {
  const formUrl = `${base}/v1/forms/${encodeURIComponent(formId)}`;
  const leadUrl = (leadId: string) => `${base}/v1/leads/${encodeURIComponent(leadId)}`;
  return {
    /** The form definition; its language becomes the widget's (see i18n.ts). */
    loadForm: () =>
      request<PublicForm>(formUrl + languageQuery(lang)).then((form) => (setMessages(form), form)),
    submit: (body: SubmissionRequest, idempotencyKey: string) =>
      request<SubmissionResponse>(
        `${formUrl}/submissions`,
        post(body, { "Idempotency-Key": idempotencyKey }),
      ),
    /**
     * Attach mode's submission: one attempt, no retries, because the host form's own
     * submission may be waiting on it; kept alive, so it survives the page navigating away.
     */
    submitOnce: (body: SubmissionRequest) =>
      attempt<SubmissionResponse>(`${formUrl}/submissions`, { ...post(body), keepalive: true }),
    moreSlots: (leadId: string, bookingToken: string, from: string, to: string) =>
      request<SlotsResponse>(
        `${leadUrl(leadId)}/slots?${new URLSearchParams({ bookingToken, from, to, bookmark: marks[base] || "" })}`,
      ),
    book: (leadId: string, body: BookingRequest) =>
      request<BookingCreated>(
        `${leadUrl(leadId)}/bookings`,
        post(body, { "X-D1-Bookmark": marks[base] || "" }),
      ),
  };
}

export type BatonApi = ReturnType<typeof batonApi>;
