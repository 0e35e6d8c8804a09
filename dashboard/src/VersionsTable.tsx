import type { VersionSummary } from "./api";
import { DataTable } from "./components/DataTable";
import { formatWhen } from "./data/format";
import { useCanWrite } from "./role";

type Props = {
  versions: VersionSummary[];
  /** The version whose publish request is in flight, if any. */
  publishing: number | null;
  onPublish: (version: number) => void;
};

const COLUMNS = ["Version", "Note", "Created", "By", "First published", { hidden: "Status" }];

/** Newest first, as the API lists them. Publishing an older version is a rollback. */
export function VersionsTable({ versions, publishing, onPublish }: Props) {
  // Publishing a version older than the live one is a rollback, and says so.
  const live = versions.find((v) => v.active)?.version ?? 0;
  const canWrite = useCanWrite();
  if (!versions.length)
    return <p class="muted">No versions saved yet. Push one with `npm run seed` or the admin API.</p>;
  return (
    <DataTable columns={COLUMNS}>
      {versions.map((v) => (
        <tr key={v.version} data-version={v.version} class={v.active ? "active" : undefined}>
          <th scope="row">
            v{v.version}{" "}
            <code class="muted" title={v.checksum}>
              {v.checksum.slice(0, 8)}
            </code>
          </th>
          <td>{v.note ?? <span class="muted">—</span>}</td>
          <td>{formatWhen(v.createdAt)}</td>
          <td>{v.createdBy}</td>
          <td>{formatWhen(v.firstPublishedAt)}</td>
          <td>
            {v.active ? (
              <span class="badge">Active</span>
            ) : !canWrite ? null : (
              <button
                type="button"
                disabled={publishing !== null}
                onClick={() =>
                  (v.version > live || confirm(`Roll back to v${v.version}? It becomes the live config.`)) &&
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
    </DataTable>
  );
}
