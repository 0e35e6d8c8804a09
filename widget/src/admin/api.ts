/** The admin endpoints the dashboard uses, same-origin, with the bearer token. */

export type VersionSummary = {
  version: number;
  checksum: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
  firstPublishedAt: string | null;
  active: boolean;
};

export type ActiveConfig = { version: number; config: unknown };

/** A failed admin call; `status` 0 means the Worker could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(token: string, method: "GET" | "POST", path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
  } catch {
    throw new ApiError(0, "unreachable", "Baton could not be reached. Is the Worker running?");
  }
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    const code = body?.error?.code ?? "http_error";
    const message = body?.error?.message ?? `Request failed with status ${res.status}.`;
    throw new ApiError(res.status, code, message);
  }
  return body as T;
}

export function adminApi(token: string) {
  return {
    versions: () =>
      call<{ versions: VersionSummary[] }>(token, "GET", "/v1/admin/config/versions").then((b) => b.versions),
    /** The live config, or null before anything has been published. */
    activeConfig: () =>
      call<ActiveConfig>(token, "GET", "/v1/admin/config").catch((err: unknown) => {
        if (err instanceof ApiError && err.code === "no_active_config") return null;
        throw err;
      }),
    publish: (version: number) =>
      call<{ version: number; changed: boolean }>(
        token,
        "POST",
        `/v1/admin/config/versions/${version}/publish`,
      ),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

/** What the visitor should read for a failure; a 401 gets its own, actionable wording. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) {
    return "That token was not accepted (401). Use the ADMIN_TOKEN secret or an API token issued by the admin API.";
  }
  return err instanceof Error ? err.message : "Something went wrong.";
}
