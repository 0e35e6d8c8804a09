import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { nameOf, useDirectory } from "../data/directory";
import { dayBounds, formatWhen, humanize } from "../data/format";
import { dataApi, type LeadFilters, type LeadSummary } from "../data-api";
import type { ScreenProps } from "../screens";
import { LeadPage } from "./lead";

export const LEAD_STATUSES = ["received", "routed", "unrouted", "booked", "spam", "erased"] as const;

type Form = { q: string; status: string; teamId: string; repId: string; from: string; to: string };
const BLANK: Form = { q: "", status: "", teamId: "", repId: "", from: "", to: "" };

/** `#/leads` is the searchable list; `#/leads/<id>` is one lead's page. */
export function LeadsScreen(props: ScreenProps) {
  const id = props.params[0];
  return id ? <LeadPage {...props} leadId={id} /> : <LeadList {...props} />;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.replace(/[^a-z_]/g, "")}`}>{humanize(status)}</span>;
}

function LeadList({ token, onError }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [form, setForm] = useState<Form>(BLANK);
  const [filters, setFilters] = useState<LeadFilters>({});
  // Cursors of the pages before the current one; the last entry is the current page's own.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ leads: LeadSummary[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async () => {
    setError(null);
    try {
      setPage(await api.leads(filters, cursor));
    } catch (err) {
      setError(onError(err));
    }
  }, [api, filters, cursor, onError]);
  useEffect(() => void load(), [load]);

  const search = (e: Event) => {
    e.preventDefault();
    const { from, to, ...rest } = form;
    setFilters({ ...rest, q: rest.q.trim(), ...dayBounds(from, to) });
    setCursors([undefined]);
  };
  const set = (key: keyof Form) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  return (
    <section class="card">
      <h1>Leads</h1>
      <form class="filters" onSubmit={search} role="search" aria-label="Filter leads">
        <label>
          Search
          <input type="search" placeholder="Name, email or company" value={form.q} onInput={set("q")} />
        </label>
        <label>
          Status
          <select value={form.status} onChange={set("status")}>
            <option value="">Any status</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select value={form.teamId} onChange={set("teamId")}>
            <option value="">Any team</option>
            {[...dir.teams].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rep
          <select value={form.repId} onChange={set("repId")}>
            <option value="">Any rep</option>
            {[...dir.reps].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={form.from} onInput={set("from")} />
        </label>
        <label>
          To
          <input type="date" value={form.to} onInput={set("to")} />
        </label>
        <div class="filter-actions">
          <button type="submit">Search</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setForm(BLANK);
              setFilters({});
              setCursors([undefined]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!page && !error && <p class="muted">Loading…</p>}
      {page && page.leads.length === 0 && <p class="muted">No lead matches these filters.</p>}
      {page && page.leads.length > 0 && (
        <div class="table-wrap">
          <table data-testid="leads-table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Company</th>
                <th scope="col">Status</th>
                <th scope="col">Team</th>
                <th scope="col">Rep</th>
                <th scope="col">Rule</th>
              </tr>
            </thead>
            <tbody>
              {page.leads.map((l) => (
                <tr key={l.id} data-lead={l.id}>
                  <td>{formatWhen(l.createdAt)}</td>
                  <th scope="row" class="wrap">
                    <a href={`#/leads/${encodeURIComponent(l.id)}`}>{l.name || l.email || "(no name)"}</a>
                  </th>
                  <td class="wrap">{l.email ?? "—"}</td>
                  <td class="wrap">{l.company ?? "—"}</td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>{nameOf(dir.teams, l.teamId)}</td>
                  <td>{l.repName ?? nameOf(dir.reps, l.repId)}</td>
                  <td>{nameOf(dir.rules, l.ruleId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        <button
          type="button"
          class="secondary"
          disabled={cursors.length < 2}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          ← Newer
        </button>
        <span class="muted">Page {cursors.length}</span>
        <button
          type="button"
          class="secondary"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}
        >
          Older →
        </button>
      </nav>
    </section>
  );
}
