import { useCallback } from "preact/hooks";
import { useLoaded } from "../components/hooks";
import { formatWhen, humanize } from "../data/format";
import { leadCrm } from "./api";
import { useCanWrite } from "../role";

type Props = { token: string; leadId: string; onError: (err: unknown) => string };

/** The lead page's CRM card: each write-back's state and the link to the CRM record. */
export function LeadCrmPanel({ token, leadId, onError }: Props) {
  const fetchCrm = useCallback(() => leadCrm(token, leadId), [token, leadId]);
  const { data, error } = useLoaded(fetchCrm, onError);
  const canWrite = useCanWrite(); // the CRM settings are admin-only
  if (error) return null; // the lead itself still shows; the CRM card is an extra
  if (!data || (!data.connected && data.syncs.length === 0)) return null;
  return (
    <section class="card" data-testid="lead-crm" aria-labelledby="lead-crm-title">
      <h2 id="lead-crm-title">CRM sync</h2>
      {data.recordUrl ? (
        <p>
          <a href={data.recordUrl} target="_blank" rel="noopener noreferrer">
            Open the {data.provider === "salesforce" ? "Salesforce" : "HubSpot"} record
          </a>
        </p>
      ) : (
        <p class="muted">Not in the CRM yet.</p>
      )}
      {data.syncs.length === 0 ? (
        <p class="muted">Nothing written back yet.</p>
      ) : (
        <ul>
          {data.syncs.map((s) => (
            <li key={s.id} data-action={s.action} data-status={s.status}>
              {humanize(s.action)}: {humanize(s.status)} · {formatWhen(s.updatedAt)}
              {s.attempts > 1 && ` · ${s.attempts} tries`}
              {s.lastError && s.status !== "done" && <span class="warn"> · {s.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <p>
          <a href="#/integrations">CRM settings</a>
        </p>
      )}
    </section>
  );
}
