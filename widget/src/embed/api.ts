import type { PublicForm, SubmissionRequest, SubmissionResponse } from "./types";

/** A failed call to Baton; `status` is 0 when Baton could not be reached at all. */
export class BatonRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// A slow Baton must not leave a spinner on the marketer's page forever.
const TIMEOUT_MS = 10_000;

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new BatonRequestError(0, "Baton is unreachable");
  }
  if (!res.ok) throw new BatonRequestError(res.status, `Baton answered ${res.status}`);
  try {
    return (await res.json()) as T;
  } catch {
    throw new BatonRequestError(res.status, "Baton answered with something that is not JSON");
  }
}

/** The endpoints one embed talks to, all under the origin its script was loaded from. */
export function batonApi(base: string, formId: string) {
  const formUrl = `${base}/v1/forms/${encodeURIComponent(formId)}`;
  return {
    loadForm: () => request<PublicForm>(formUrl, { credentials: "omit" }),
    submit: (body: SubmissionRequest) =>
      request<SubmissionResponse>(`${formUrl}/submissions`, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}

export type BatonApi = ReturnType<typeof batonApi>;
