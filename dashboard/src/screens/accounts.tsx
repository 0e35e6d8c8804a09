import type { JSX } from "preact";
import { useCallback, useMemo, useState } from "preact/hooks";
import { ApiError } from "../api";
import { DataTable } from "../components/DataTable";
import { Feedback, Loading } from "../components/Feedback";
import { FilterBar } from "../components/Filters";
import { useAction, useFormState } from "../components/hooks";
import { Pager, usePagedList } from "../components/Pager";
import { nameOf, useDirectory, type Directory } from "../data/directory";
import { formatWhen } from "../data/format";
import { dataApi, type Account } from "../data-api";
import type { ScreenProps } from "../screens";
import { AccountsImport } from "./accounts-import";

type Page = { items: Account[]; next: string | null; total?: number };
const COLUMNS = ["Domain", "Name", "Owner", "Parent", "Updated", { hidden: "Actions" }];

/** Accounts: search by name or domain, edit one in place, and import a CSV. */
export function AccountsScreen(props: ScreenProps) {
  const { token, onError } = props;
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const fetchPage = useCallback(
    async (cursor: string | undefined): Promise<Page> => {
      const r = await api.accounts(search, cursor);
      return {
        items: r.accounts,
        next: r.nextCursor ?? r.next ?? null,
        total: (r as { total?: number }).total,
      };
    },
    [api, search],
  );
  const list = usePagedList<Account, Page>(fetchPage, onError, search);
  const page = list.page;

  const saved = (old: string, account: Account) => {
    setEditing(null);
    list.setPage((p) => p && { ...p, items: p.items.map((a) => (a.domain === old ? account : a)) });
  };

  return (
    <>
      <section class="card">
        <h1>Accounts</h1>
        <p class="muted">
          Known companies and their owners. A lead whose email domain (or company name) matches an account can
          be routed to the account owner.
          {page?.total !== undefined && ` ${page.total} accounts in total.`}
        </p>
        <FilterBar
          label="Search accounts"
          search
          submit="Search"
          onSubmit={() => (q.trim() === search ? list.reset() : setSearch(q.trim()))}
        >
          <label>
            Search
            <input
              type="search"
              value={q}
              placeholder="Domain or name starts with…"
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </label>
        </FilterBar>
        <Feedback error={list.error} />
        <Loading done={!!page || !!list.error} />
        {page && page.items.length === 0 && (
          <p class="muted">{search ? "No account matches." : "No accounts yet: import a CSV below."}</p>
        )}
        {page && page.items.length > 0 && (
          <DataTable columns={COLUMNS} testId="accounts-table">
            {page.items.map((a) =>
              editing === a.domain ? (
                <EditRow
                  key={a.domain}
                  account={a}
                  dir={dir}
                  {...props}
                  onSaved={saved}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <tr key={a.domain} data-domain={a.domain}>
                  <th scope="row">{a.domain}</th>
                  <td class="wrap">{a.name}</td>
                  <td>{nameOf(dir.reps, a.ownerRepId)}</td>
                  <td>{a.parentDomain ?? "—"}</td>
                  <td>{formatWhen(a.updatedAt)}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setEditing(a.domain)}
                      aria-label={`Edit ${a.domain}`}
                    >
                      Edit
                    </button>
                  </td>
                </tr>
              ),
            )}
          </DataTable>
        )}
        <Pager paging={list.paging} back="← Previous" next="Next →" />
      </section>
      <AccountsImport {...props} onImported={() => void list.load()} />
    </>
  );
}

type EditProps = ScreenProps & {
  account: Account;
  dir: Directory;
  onSaved: (oldDomain: string, a: Account) => void;
  onCancel: () => void;
};

/** Server field errors (`details.errors[].path`) next to the inputs they are about. */
function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const details =
    err instanceof ApiError ? (err.details as { errors?: { path?: unknown[]; message?: string }[] }) : null;
  for (const e of details?.errors ?? []) out[String(e.path?.[0] ?? "")] = e.message ?? "Invalid";
  return out;
}

function EditRow({ token, onError, account, dir, onSaved, onCancel }: EditProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const { form, bind } = useFormState({
    domain: account.domain,
    name: account.name,
    ownerRepId: account.ownerRepId ?? "",
    parentDomain: account.parentDomain ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const {
    busy,
    error: message,
    run,
  } = useAction((err) => {
    setErrors(fieldErrors(err));
    return onError(err);
  });

  const save = () =>
    run(async () => {
      const patch = {
        ...(form.domain.trim() !== account.domain ? { domain: form.domain.trim() } : {}),
        name: form.name.trim(),
        ownerRepId: form.ownerRepId || null,
        parentDomain: form.parentDomain.trim() || null,
      };
      const { account: updated } = await api.updateAccount(account.domain, patch);
      onSaved(account.domain, updated);
    });
  const field = (key: keyof typeof form, label: string, input: JSX.Element) => (
    <label class="cell-field">
      <span class="sr-only">{label}</span>
      {input}
      {errors[key] && <span class="error small">{errors[key]}</span>}
    </label>
  );
  return (
    <tr class="editing" data-domain={account.domain}>
      <th scope="row">
        {field(
          "domain",
          "Domain",
          <input
            value={form.domain}
            onInput={bind("domain")}
            aria-invalid={errors.domain ? "true" : undefined}
          />,
        )}
      </th>
      <td>
        {field(
          "name",
          "Name",
          <input value={form.name} onInput={bind("name")} aria-invalid={errors.name ? "true" : undefined} />,
        )}
      </td>
      <td>
        {field(
          "ownerRepId",
          "Owner",
          <select value={form.ownerRepId} onChange={bind("ownerRepId")}>
            <option value="">No owner</option>
            {[...dir.reps].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
            {form.ownerRepId && !dir.reps.has(form.ownerRepId) && (
              <option value={form.ownerRepId}>{form.ownerRepId}</option>
            )}
          </select>,
        )}
      </td>
      <td>
        {field(
          "parentDomain",
          "Parent domain",
          <input value={form.parentDomain} onInput={bind("parentDomain")} />,
        )}
      </td>
      <td colSpan={2}>
        <div class="actions">
          <button type="button" disabled={busy} onClick={save}>
            {busy ? "Saving…" : "Save"}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
        {message && (
          <p class="error small" role="alert">
            {message}
          </p>
        )}
      </td>
    </tr>
  );
}
