import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ApiError } from "../api";
import { nameOf, useDirectory, type Directory } from "../data/directory";
import { formatWhen } from "../data/format";
import { dataApi, type Account } from "../data-api";
import type { ScreenProps } from "../screens";
import { AccountsImport } from "./accounts-import";

type Page = { accounts: Account[]; next: string | null; total?: number };

/** Accounts: search by name or domain, edit one in place, and import a CSV. */
export function AccountsScreen(props: ScreenProps) {
  const { token, onError } = props;
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async () => {
    try {
      const r = await api.accounts(search, cursor);
      setPage({
        accounts: r.accounts,
        next: r.nextCursor ?? r.next ?? null,
        total: (r as { total?: number }).total,
      });
      setError(null);
    } catch (err) {
      setError(onError(err));
    }
  }, [api, search, cursor, onError]);
  useEffect(() => void load(), [load]);

  const submit = (e: Event) => {
    e.preventDefault();
    setSearch(q.trim());
    setCursors([undefined]);
  };
  const saved = (old: string, account: Account) => {
    setEditing(null);
    setPage((p) => p && { ...p, accounts: p.accounts.map((a) => (a.domain === old ? account : a)) });
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
        <form class="filters" role="search" aria-label="Search accounts" onSubmit={submit}>
          <label>
            Search
            <input
              type="search"
              value={q}
              placeholder="Domain or name starts with…"
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </label>
          <div class="filter-actions">
            <button type="submit">Search</button>
          </div>
        </form>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!page && !error && <p class="muted">Loading…</p>}
        {page && page.accounts.length === 0 && (
          <p class="muted">{search ? "No account matches." : "No accounts yet: import a CSV below."}</p>
        )}
        {page && page.accounts.length > 0 && (
          <div class="table-wrap">
            <table data-testid="accounts-table">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Name</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Parent</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.accounts.map((a) =>
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
            ← Previous
          </button>
          <span class="muted">Page {cursors.length}</span>
          <button
            type="button"
            class="secondary"
            disabled={!page?.next}
            onClick={() => page?.next && setCursors([...cursors, page.next])}
          >
            Next →
          </button>
        </nav>
      </section>
      <AccountsImport {...props} onImported={() => void load()} />
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
  const [form, setForm] = useState({
    domain: account.domain,
    name: account.name,
    ownerRepId: account.ownerRepId ?? "",
    parentDomain: account.parentDomain ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const patch = {
        ...(form.domain.trim() !== account.domain ? { domain: form.domain.trim() } : {}),
        name: form.name.trim(),
        ownerRepId: form.ownerRepId || null,
        parentDomain: form.parentDomain.trim() || null,
      };
      const { account: updated } = await api.updateAccount(account.domain, patch);
      onSaved(account.domain, updated);
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(onError(err));
      setBusy(false);
    }
  };
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
            onInput={set("domain")}
            aria-invalid={errors.domain ? "true" : undefined}
          />,
        )}
      </th>
      <td>
        {field(
          "name",
          "Name",
          <input value={form.name} onInput={set("name")} aria-invalid={errors.name ? "true" : undefined} />,
        )}
      </td>
      <td>
        {field(
          "ownerRepId",
          "Owner",
          <select value={form.ownerRepId} onChange={set("ownerRepId")}>
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
          <input value={form.parentDomain} onInput={set("parentDomain")} />,
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
