import { useEffect, useState } from "preact/hooks";
import { DataTable } from "../components/DataTable";
import type { CrmStatus } from "./api";

type Props = {
  /** The CRM's name and what it calls an owner ("HubSpot owners", "Salesforce users"). */
  crm?: { name: string; owners: string };
  owners: CrmStatus["owners"];
  overrides: Record<string, string>;
  /** Rep id → name, from the live config. */
  reps: Map<string, string>;
  busy: boolean;
  onSave: (overrides: Record<string, string>) => void;
};

/** The rep a select shows for an owner: its override, else its email match, else none. */
const shown = (o: CrmStatus["owners"][number], overrides: Record<string, string>) =>
  overrides[o.id] ?? (o.via === "email" ? (o.repId ?? "") : "");

/**
 * CRM owners ↔ reps. Owners match reps by email; where that is wrong or missing the admin picks
 * the rep (an override). An owner no rep maps to is flagged: "the CRM owner" routing falls
 * back to the rule's team for their contacts.
 */
export function OwnerMapping({
  crm = { name: "HubSpot", owners: "owners" },
  owners,
  overrides,
  reps,
  busy,
  onSave,
}: Props) {
  const [draft, setDraft] = useState(overrides);
  useEffect(() => setDraft(overrides), [overrides]);
  const unmapped = owners.filter((o) => !o.archived && !shown(o, draft)).length;
  const pick = (owner: CrmStatus["owners"][number], repId: string) =>
    setDraft((d) => {
      const next = { ...d };
      // Back to the email match: no override needed.
      if (repId === "" || (owner.via === "email" && owner.repId === repId && !overrides[owner.id]))
        delete next[owner.id];
      else next[owner.id] = repId;
      return next;
    });
  const save = () => onSave(Object.fromEntries(Object.entries(draft).filter(([, rep]) => rep !== "")));

  return (
    <>
      <h3>Owners ↔ reps</h3>
      <p class={unmapped ? "warn" : "muted"} data-testid="unmapped-owners">
        {unmapped
          ? `${unmapped} owner${unmapped === 1 ? " is" : "s are"} not mapped to a rep: their contacts go to the rule's fallback team.`
          : "Every active owner maps to a rep."}
      </p>
      {owners.length === 0 ? (
        <p class="muted">No owners listed yet: use “Test connection” to read them.</p>
      ) : (
        <DataTable
          caption={`${crm.name} ${crm.owners} and the reps they map to`}
          columns={["Owner", "Email", "Rep", "Matched by"]}
          testId="owner-mapping"
        >
          {owners.map((o) => {
            const value = shown(o, draft);
            return (
              <tr key={o.id} data-owner={o.id} class={value || o.archived ? undefined : "unmapped"}>
                <td>
                  {o.name ?? o.id}
                  {o.archived && <span class="badge off"> archived</span>}
                </td>
                <td>{o.email ?? "—"}</td>
                <td>
                  <select
                    aria-label={`Rep for ${o.name ?? o.email ?? o.id}`}
                    value={value}
                    onChange={(e) => pick(o, e.currentTarget.value)}
                  >
                    <option value="">Not mapped</option>
                    {[...reps].map(([id, name]) => (
                      <option key={id} value={id}>
                        {name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {draft[o.id] ? "chosen here" : o.via === "email" ? "email" : value ? "—" : "unmapped"}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <div class="actions">
        <button type="button" disabled={busy} onClick={save}>
          Save owner mapping
        </button>
      </div>
    </>
  );
}
