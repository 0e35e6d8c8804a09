import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { adminApi, type ActiveConfig, type VersionSummary } from "./api";
import type { ScreenProps } from "./screens";
import { VersionsTable } from "./VersionsTable";

type Data = { active: ActiveConfig | null; versions: VersionSummary[] };

/** The live version, every saved version with a publish action, and the live document. */
export function Dashboard({ token, onError }: ScreenProps) {
  const api = useMemo(() => adminApi(token), [token]);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [publishing, setPublishing] = useState<number | null>(null);

  const fail = useCallback((err: unknown) => setError(onError(err)), [onError]);

  const load = useCallback(async () => {
    try {
      const [active, versions] = await Promise.all([api.activeConfig(), api.versions()]);
      setData({ active, versions });
      setError(null);
    } catch (err) {
      fail(err);
    }
  }, [api, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  const publish = async (version: number) => {
    setPublishing(version);
    setStatus(null);
    setError(null);
    try {
      await api.publish(version);
      setStatus(`Version ${version} is now live.`);
      await load();
    } catch (err) {
      fail(err);
    } finally {
      setPublishing(null);
    }
  };

  return (
    <>
      <section class="card">
        <h1>Routing config</h1>
        {!data && !error && <p class="muted">Loading…</p>}
        {data && (
          <p class="live" data-testid="active-version">
            {data.active ? (
              <>
                Active version <strong>v{data.active.version}</strong>
              </>
            ) : (
              "Nothing has been published yet."
            )}
          </p>
        )}
        <p class="status" role="status">
          {status}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </section>

      {data && (
        <section class="card">
          <h2>Versions</h2>
          <VersionsTable versions={data.versions} publishing={publishing} onPublish={publish} />
        </section>
      )}

      {data?.active && (
        <section class="card">
          <h2>Active config (v{data.active.version})</h2>
          <pre class="json" tabIndex={0} aria-label="Active config JSON">
            {JSON.stringify(data.active.config, null, 2)}
          </pre>
        </section>
      )}
    </>
  );
}
