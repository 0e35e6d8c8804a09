import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { formatWhen, humanize } from "../data/format";
import { dataApi, type Delivery } from "../data-api";
import type { ScreenProps } from "../screens";

const STATUSES = ["delivered", "failed", "dead", "skipped", "pending"] as const;
type Filters = { kind: string; status: string; leadId: string };

/** `#/deliveries` (everything) or `#/deliveries/<leadId>` (one lead's): the send log with redelivery. */
export function DeliveriesScreen({ token, onError, params }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const initial: Filters = { kind: "", status: "", leadId: params[0] ?? "" };
  const [form, setForm] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ deliveries: Delivery[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async () => {
    try {
      const f = {
        kind: filters.kind || undefined,
        status: filters.status || undefined,
        leadId: filters.leadId.trim() || undefined,
      };
      setPage(await api.deliveries(f, cursor));
      setError(null);
    } catch (err) {
      setError(onError(err));
    }
  }, [api, filters, cursor, onError]);
  useEffect(() => void load(), [load]);

  const apply = (e: Event) => {
    e.preventDefault();
    setFilters(form);
    setCursors([undefined]);
  };
  const set = (key: keyof Filters) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  const redeliver = async (d: Delivery) => {
    setSending(d.id);
    setNotice(null);
    setError(null);
    try {
      await api.redeliver(d.id);
      setNotice(
        `“${humanize(d.event)}” to ${d.target ?? humanize(d.channel)} is queued again. Its new attempt appears here once sent.`,
      );
      await load();
    } catch (err) {
      setError(onError(err));
    } finally {
      setSending(null);
    }
  };

  return (
    <section class="card">
      <h1>Deliveries</h1>
      <p class="muted">
        Every rep notification (email, Slack) and webhook Baton sent, with each attempt counted.
      </p>
      <form class="filters" onSubmit={apply} aria-label="Filter deliveries">
        <label>
          Kind
          <select value={form.kind} onChange={set("kind")}>
            <option value="">Notifications and webhooks</option>
            <option value="notification">Notifications</option>
            <option value="webhook">Webhooks</option>
          </select>
        </label>
        <label>
          Status
          <select value={form.status} onChange={set("status")}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lead id
          <input value={form.leadId} onInput={set("leadId")} placeholder="Any lead" />
        </label>
        <div class="filter-actions">
          <button type="submit">Filter</button>
        </div>
      </form>
      <p class="status" role="status">
        {notice}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!page && !error && <p class="muted">Loading…</p>}
      {page && page.deliveries.length === 0 && (
        <p class="muted">Nothing was sent that matches these filters.</p>
      )}
      {page && page.deliveries.length > 0 && (
        <div class="table-wrap">
          <table data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">What</th>
                <th scope="col">Channel</th>
                <th scope="col">To</th>
                <th scope="col">Lead</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td>{formatWhen(d.createdAt)}</td>
                  <td>{humanize(d.event)}</td>
                  <td>{humanize(d.channel)}</td>
                  <td class="wrap">{d.target ?? "—"}</td>
                  <td>
                    {d.leadId ? <a href={`#/leads/${encodeURIComponent(d.leadId)}`}>Open lead</a> : "—"}
                  </td>
                  <td>
                    <span class={`badge status-${d.status}`}>{humanize(d.status)}</span>
                    {d.lastError && <div class="muted small wrap">{d.lastError}</div>}
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      disabled={sending !== null}
                      onClick={() => redeliver(d)}
                    >
                      {sending === d.id ? "Queuing…" : "Redeliver"}
                    </button>
                  </td>
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
