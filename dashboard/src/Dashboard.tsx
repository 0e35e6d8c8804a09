import { useCallback, useMemo, useState } from "preact/hooks";
import type { VersionSummary } from "./api";
import { Feedback, Loading } from "./components/Feedback";
import { configApi, type ActiveConfig } from "./config/api";
import { useAction, useLoaded } from "./components/hooks";
import type { ScreenProps } from "./screens";
import { VersionsTable } from "./VersionsTable";
import { DatabaseSize } from "./components/DatabaseSize";

type Data = { active: ActiveConfig | null; versions: VersionSummary[] };

/** The live version, every saved version with a publish action, and the live document. */
export function Dashboard({ token, onError }: ScreenProps) {
  const api = useMemo(() => configApi(token), [token]);
  const fetchData = useCallback(async (): Promise<Data> => {
    const [active, versions] = await Promise.all([api.active(), api.versions()]);
    return { active, versions };
  }, [api]);
  const { data, error: loadError, load } = useLoaded(fetchData, onError);
  const action = useAction(onError);
  const [publishing, setPublishing] = useState<number | null>(null);
  const error = action.error ?? loadError;

  const publish = async (version: number) => {
    setPublishing(version);
    await action.run(async () => {
      await api.publish(version);
      await load();
      return `Version ${version} is now live.`;
    });
    setPublishing(null);
  };

  return (
    <>
      <section class="card">
        <h1>Routing config</h1>
        <Loading done={!!data || !!error} />
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
        <DatabaseSize />
        <Feedback status={action.status} error={error} />
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
