import { useCallback, useEffect, useMemo } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import { Feedback, Loading } from "../components/Feedback";
import { FilterBar, SelectFilter } from "../components/Filters";
import { useFormState } from "../components/hooks";
import { Pager, usePagedList } from "../components/Pager";
import { StatusBadge } from "../components/StatusBadge";
import { nameOf, useDirectory } from "../data/directory";
import { formatWhen } from "../data/format";
import { leadApiFilters, leadFilterForm, leadListHash, NO_LEAD_FILTERS } from "../data/lead-filters";
import { dataApi, type LeadSummary } from "../data-api";
import type { ScreenProps } from "../screens";
import { LeadPage } from "./lead";

export const LEAD_STATUSES = ["received", "routed", "unrouted", "booked", "spam", "erased"] as const;
const COLUMNS = ["Received", "Name", "Email", "Company", "Status", "Team", "Rep", "Rule"];

/** `#/leads` is the searchable list (`#/leads?status=routed&q=acme` with filters); `#/leads/<id>` is one lead's page. */
export function LeadsScreen(props: ScreenProps) {
  const id = props.params[0];
  return id ? <LeadPage {...props} leadId={id} /> : <LeadList {...props} />;
}

function LeadList({ token, onError, query }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  // The filters in force are the URL's: searching writes the hash, so reload and back keep them.
  const hash = leadListHash(leadFilterForm(query));
  const applied = useMemo(() => leadFilterForm(query), [hash]);
  const { form, setForm, set, bind } = useFormState(applied);
  useEffect(() => setForm(applied), [applied]);

  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      api.leads(leadApiFilters(applied), cursor).then((r) => ({ items: r.leads, next: r.nextCursor })),
    [api, applied],
  );
  const list = usePagedList<LeadSummary>(fetchPage, onError, hash);
  const show = (next: string) => (location.hash === next ? list.reset() : void (location.hash = next));
  const page = list.page;
  const selects = [
    ["status", "Status", LEAD_STATUSES],
    ["teamId", "Team", dir.teams],
    ["repId", "Rep", dir.reps],
  ] as const;

  return (
    <section class="card">
      <h1>Leads</h1>
      <FilterBar
        label="Filter leads"
        search
        submit="Search"
        onSubmit={() => show(leadListHash(form))}
        onClear={() => {
          setForm(NO_LEAD_FILTERS);
          show(leadListHash(NO_LEAD_FILTERS));
        }}
      >
        <label>
          Search
          <input type="search" placeholder="Name, email or company" value={form.q} onInput={bind("q")} />
        </label>
        {selects.map(([key, label, options]) => (
          <SelectFilter
            key={key}
            label={label}
            value={form[key]}
            onChange={set(key)}
            any={`Any ${label.toLowerCase()}`}
            options={options}
          />
        ))}
        <label>
          From
          <input type="date" value={form.from} onInput={bind("from")} />
        </label>
        <label>
          To
          <input type="date" value={form.to} onInput={bind("to")} />
        </label>
      </FilterBar>
      <Feedback error={list.error} />
      <Loading done={!!page || !!list.error} />
      {page && page.items.length === 0 && <p class="muted">No lead matches these filters.</p>}
      {page && page.items.length > 0 && (
        <DataTable columns={COLUMNS} testId="leads-table">
          {page.items.map((l) => (
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
        </DataTable>
      )}
      <Pager paging={list.paging} />
    </section>
  );
}
