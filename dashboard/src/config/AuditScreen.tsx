/** `#/audit`: who changed what and when, newest first, in words. */
import { useEffect, useMemo, useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import { Feedback, Loading } from "../components/Feedback";
import type { ScreenProps } from "../screens";
import { configApi, type AuditEntry } from "./api";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

const ACTIONS: Record<string, string> = {
  "config.draft_created": "Saved a config draft",
  "config.published": "Published a config version",
  "config.rolled_back": "Rolled back the config",
};

/** `config.draft_created` → "Saved a config draft"; unknown actions read as "config draft created". */
const describe = (action: string) => ACTIONS[action] ?? action.replace(/[._]/g, " ");

function details(d: unknown): string {
  if (d === null || d === undefined) return "";
  if (typeof d !== "object") return String(d);
  return Object.entries(d as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

export function AuditScreen({ token, onError }: ScreenProps) {
  const api = useMemo(() => configApi(token), [token]);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = (before?: number) =>
    api.audit(before).then(
      (page) => {
        setEntries((prev) => (before ? [...(prev ?? []), ...page] : page));
        setMore(page.length === 50);
      },
      (err) => setError(onError(err)),
    );
  useEffect(() => void load(), [api]);

  return (
    <section class="card">
      <h1>Audit log</h1>
      <Feedback error={error} />
      <Loading done={!!entries || !!error} />
      {entries && (
        <DataTable columns={["When", "Who", "What", "On", "Details"]} testId="audit">
          {entries.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>{dateTime.format(new Date(e.at))}</td>
              <td>{e.actor}</td>
              <td>{describe(e.action)}</td>
              <td>{e.target ?? "—"}</td>
              <td class="wrap">{details(e.details)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {more && entries && (
        <button type="button" class="secondary" onClick={() => void load(entries[entries.length - 1]!.at)}>
          Older entries
        </button>
      )}
    </section>
  );
}
