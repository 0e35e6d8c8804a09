import { useEffect, useState } from "preact/hooks";
import type { RepLead } from "../../../worker/reps/contract";
import { repApi } from "./api";

const KINDS = ["contacted", "qualified", "opportunity", "won", "lost", "no_show"] as const;

/** Record outcome: what happened with the lead (the predictive mode learns from it). */
function OutcomeForm(props: { leadId: string; onDone: () => void; onError: (m: string) => void }) {
  const [kind, setKind] = useState<(typeof KINDS)[number]>("contacted");
  const [saved, setSaved] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        repApi.outcome(props.leadId, kind).then(
          () => {
            setSaved(`Recorded: ${kind.replace("_", " ")}`);
            props.onDone();
          },
          (err: unknown) => props.onError(String(err instanceof Error ? err.message : err)),
        );
      }}
    >
      <label>
        Outcome{" "}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="submit">Record outcome</button>
      {saved && <span role="status"> {saved}</span>}
    </form>
  );
}

/** "12 min left", "5 min overdue" or "accepted": the SLA clock as a rep reads it. */
export function slaText(lead: RepLead, now: number): string {
  if (lead.acceptedAt !== null) return "accepted";
  if (lead.acceptDeadline === null) return "no SLA";
  const min = Math.round((lead.acceptDeadline - now) / 60_000);
  return min >= 0 ? `${min} min left to accept` : `${-min} min overdue`;
}

/** My leads: the rep's open leads with the SLA countdown, accept, and why each came to them. */
export function MyLeads() {
  const [leads, setLeads] = useState<RepLead[] | null>(null);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState("");
  const load = () =>
    repApi.leads().then(
      (r) => {
        setLeads(r.leads);
        setNow(r.now);
      },
      (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
    );
  useEffect(() => {
    void load();
    // The countdown moves on its own; the list itself is reloaded after each action.
    const timer = setInterval(() => setNow((n) => n + 30_000), 30_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <section class="card" aria-labelledby="my-leads">
      <h2 id="my-leads">My leads</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {leads === null ? (
        <p>Loading…</p>
      ) : leads.length === 0 ? (
        <p class="muted">No open leads.</p>
      ) : (
        <ul class="rep-list">
          {leads.map((lead) => (
            <li key={lead.assignmentId} data-lead={lead.leadId}>
              <strong>{lead.name ?? lead.email ?? lead.leadId}</strong>
              {lead.company && <span> · {lead.company}</span>}
              {lead.tier && <span class="badge">{lead.tier}</span>}
              <div class="muted">{lead.email}</div>
              <div class="sla">{slaText(lead, now)}</div>
              <div class="muted">Why me: {lead.why}</div>
              {lead.answers.length > 0 && (
                <dl>
                  {lead.answers.map((a) => (
                    <>
                      <dt>{a.label}</dt>
                      <dd>{a.value}</dd>
                    </>
                  ))}
                </dl>
              )}
              <OutcomeForm leadId={lead.leadId} onDone={load} onError={setError} />
              {lead.acceptedAt === null && (
                <button
                  type="button"
                  onClick={() =>
                    repApi
                      .accept(lead.leadId)
                      .then(load, (e: unknown) => setError(String(e instanceof Error ? e.message : e)))
                  }
                >
                  Accept
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
