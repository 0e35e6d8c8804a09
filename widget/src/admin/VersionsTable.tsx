import type { VersionSummary } from "./api";

type Props = {
  versions: VersionSummary[];
  /** The version whose publish request is in flight, if any. */
  publishing: number | null;
  onPublish: (version: number) => void;
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function when(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

/** Newest first, as the API lists them. Publishing an older version is a rollback. */
export function VersionsTable({ versions, publishing, onPublish }: Props) {
  // Publishing a version older than the live one is a rollback, and says so.
  const live = versions.find((v) => v.active)?.version ?? 0;
  if (!versions.length)
    return <p class="muted">No versions saved yet. Push one with `npm run seed` or the admin API.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Note</th>
            <th scope="col">Created</th>
            <th scope="col">By</th>
            <th scope="col">First published</th>
            <th scope="col">
              <span class="sr-only">Status</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version} class={v.active ? "active" : undefined}>
              <th scope="row">
                v{v.version}{" "}
                <code class="muted" title={v.checksum}>
                  {v.checksum.slice(0, 8)}
                </code>
              </th>
              <td>{v.note ?? <span class="muted">—</span>}</td>
              <td>{when(v.createdAt)}</td>
              <td>{v.createdBy}</td>
              <td>{when(v.firstPublishedAt)}</td>
              <td>
                {v.active ? (
                  <span class="badge">Active</span>
                ) : (
                  <button
                    type="button"
                    disabled={publishing !== null}
                    onClick={() =>
                      (v.version > live ||
                        confirm(`Roll back to v${v.version}? It becomes the live config.`)) &&
                      onPublish(v.version)
                    }
                  >
                    {publishing === v.version
                      ? "Publishing…"
                      : v.version < live
                        ? `Roll back to v${v.version}`
                        : `Publish v${v.version}`}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
