/** `#/audit`: who changed what and when, newest first, in words. */
import { useEffect, useMemo, useState } from "preact/hooks";
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p class="muted">Loading…</p>}
      {entries && (
        <div class="table-wrap">
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{dateTime.format(new Date(e.at))}</td>
                  <td>{e.actor}</td>
                  <td>{describe(e.action)}</td>
                  <td>{e.target ?? "—"}</td>
                  <td class="wrap">{details(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && entries && (
        <button type="button" class="secondary" onClick={() => void load(entries[entries.length - 1]!.at)}>
          Older entries
        </button>
      )}
    </section>
  );
}
