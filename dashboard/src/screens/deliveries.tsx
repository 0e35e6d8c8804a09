import { useCallback, useMemo, useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import { Feedback, Loading } from "../components/Feedback";
import { FilterBar, SelectFilter } from "../components/Filters";
import { useAction, useFormState } from "../components/hooks";
import { Pager, usePagedList } from "../components/Pager";
import { formatWhen, humanize } from "../data/format";
import { dataApi, type DeliveriesFilter, type Delivery } from "../data-api";
import type { ScreenProps } from "../screens";

const SELECTS = [
  [
    "kind",
    "Kind",
    "Notifications and webhooks",
    [
      ["notification", "Notifications"],
      ["webhook", "Webhooks"],
    ],
  ],
  ["status", "Status", "Any status", ["delivered", "failed", "dead", "skipped", "pending"]],
] as const;
const COLUMNS = ["Sent", "What", "Channel", "To", "Lead", "Status", "Attempts", { hidden: "Actions" }];
type Filters = { kind: string; status: string; leadId: string };

/** `#/deliveries` (everything) or `#/deliveries/<leadId>` (one lead's): the send log with redelivery. */
export function DeliveriesScreen({ token, onError, params }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const initial: Filters = { kind: "", status: "", leadId: params[0] ?? "" };
  const { form, set, bind } = useFormState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const fetchPage = useCallback(
    async (cursor: string | undefined) => {
      const { kind, status, leadId } = filters;
      // The selects offer only the contract's values, so the casts narrow what the form holds.
      const f: DeliveriesFilter = {
        kind: (kind || undefined) as DeliveriesFilter["kind"],
        status: (status || undefined) as DeliveriesFilter["status"],
        leadId: leadId.trim() || undefined,
      };
      const r = await api.deliveries(f, cursor);
      return { items: r.deliveries, next: r.nextCursor };
    },
    [api, filters],
  );
  const key = JSON.stringify(filters);
  const list = usePagedList<Delivery>(fetchPage, onError, key);
  const action = useAction(onError);
  const [sending, setSending] = useState<string | null>(null);

  const redeliver = async (d: Delivery) => {
    setSending(d.id);
    await action.run(async () => {
      await api.redeliver(d.id);
      await list.load();
      return `“${humanize(d.event)}” to ${d.target ?? humanize(d.channel)} is queued again. Its new attempt appears here once sent.`;
    });
    setSending(null);
  };
  const page = list.page;
  const error = action.error ?? list.error;

  return (
    <section class="card">
      <h1>Deliveries</h1>
      <p class="muted">
        Every rep notification (email, Slack) and webhook Baton sent, with each attempt counted.
      </p>
      <FilterBar
        label="Filter deliveries"
        submit="Filter"
        onSubmit={() => (key === JSON.stringify(form) ? list.reset() : setFilters(form))}
      >
        {SELECTS.map(([name, label, any, options]) => (
          <SelectFilter
            key={name}
            label={label}
            value={form[name]}
            onChange={set(name)}
            any={any}
            options={options}
          />
        ))}
        <label>
          Lead id
          <input value={form.leadId} onInput={bind("leadId")} placeholder="Any lead" />
        </label>
      </FilterBar>
      <Feedback status={action.status} error={error} />
      <Loading done={!!page || !!error} />
      {page && page.items.length === 0 && <p class="muted">Nothing was sent that matches these filters.</p>}
      {page && page.items.length > 0 && (
        <DataTable columns={COLUMNS} testId="deliveries-table">
          {page.items.map((d) => (
            <tr key={d.id} data-delivery={d.id}>
              <td>{formatWhen(d.createdAt)}</td>
              <td>{humanize(d.event)}</td>
              <td>{humanize(d.channel)}</td>
              <td class="wrap">{d.target ?? "—"}</td>
              <td>{d.leadId ? <a href={`#/leads/${encodeURIComponent(d.leadId)}`}>Open lead</a> : "—"}</td>
              <td>
                <span class={`badge status-${d.status}`}>{humanize(d.status)}</span>
                {d.lastError && <div class="muted small wrap">{d.lastError}</div>}
              </td>
              <td>{d.attempts}</td>
              <td>
                <button type="button" class="secondary" disabled={action.busy} onClick={() => redeliver(d)}>
                  {sending === d.id ? "Queuing…" : "Redeliver"}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager paging={list.paging} />
    </section>
  );
}
