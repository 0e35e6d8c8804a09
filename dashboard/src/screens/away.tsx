import { useEffect, useMemo, useState } from "preact/hooks";
import type { AwayList } from "../../../worker/reps/contract";
import { call } from "../api";
import { DataTable } from "../components/DataTable";
import { nameOf, useDirectory } from "../data/directory";
import { formatWhen } from "../data/format";
import type { ScreenProps } from "../screens";

/**
 * `#/away`: reps who marked themselves out in their workspace. These overrides live outside
 * the config (so no version shows them); routing skips the rep until the end date.
 */
export function AwayScreen({ token, onError }: ScreenProps) {
  const [list, setList] = useState<AwayList["away"] | null>(null);
  const [error, setError] = useState("");
  const dir = useDirectory(token);
  const load = useMemo(
    () => () =>
      call<AwayList>(token, "GET", "/v1/admin/reps/away").then(
        (r) => setList(r.away),
        (e: unknown) => setError(onError(e)),
      ),
    [token, onError],
  );
  useEffect(() => void load(), [load]);
  return (
    <section class="card">
      <h1>Reps out</h1>
      <p class="muted">Out-of-office set by reps themselves, outside the versioned config.</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {list && list.length === 0 && <p>Nobody is out.</p>}
      {list && list.length > 0 && (
        <DataTable caption="Reps out of office" columns={["Rep", "Since", "Until", "Note", "Set by"]}>
          {list.map((r) => (
            <tr key={r.repId} data-rep={r.repId}>
              <td>{nameOf(dir.reps, r.repId)}</td>
              <td>{formatWhen(r.startAt)}</td>
              <td>{formatWhen(r.endAt)}</td>
              <td>{r.reason ?? "—"}</td>
              <td>{r.setBy}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
