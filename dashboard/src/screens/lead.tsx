import { useCallback, useMemo, useState } from "preact/hooks";
import { Feedback, Loading } from "../components/Feedback";
import { useAction, useLoaded } from "../components/hooks";
import { TraceView } from "../components/TraceView";
import { nameOf, useDirectory } from "../data/directory";
import { fieldText, formatWhen, humanize, leadName } from "../data/format";
import { timelineText, timelineTitle, type Names } from "../data/timeline";
import { dataApi, OUTCOME_KINDS, type LeadDetail, type OutcomeKind } from "../data-api";
import type { ScreenProps } from "../screens";
import { StatusBadge } from "../components/StatusBadge";
import { ReassignForm } from "./lead-reassign";
import { LeadCrmPanel } from "../integrations/LeadCrmPanel";
import { useCanWrite } from "../role";

type Props = ScreenProps & { leadId: string };

/** One lead: who, what they sent, what happened to it and why it went where it went. */
export function LeadPage({ token, onError, leadId }: Props) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [outcome, setOutcome] = useState<OutcomeKind>("contacted");
  const fetchLead = useCallback(() => api.lead(leadId), [api, leadId]);
  const { data, error: loadError, load } = useLoaded(fetchLead, onError);
  const { busy, status, error: actionError, run } = useAction(onError);
  const error = actionError ?? loadError;
  const canWrite = useCanWrite();

  const names: Names = {
    rep: (id) => nameOf(dir.reps, id),
    team: (id) => nameOf(dir.teams, id),
    rule: (id) => nameOf(dir.rules, id),
  };
  // What an action did, worded at render time: the rep directory may arrive after the answer.
  const [said, setSaid] = useState<((n: Names) => string) | null>(null);

  /** Runs an action on the lead, then reads it again so the timeline shows what it did. */
  const act = (action: () => Promise<(n: Names) => string>) =>
    run(async () => {
      setSaid(null);
      const done = await action();
      await load();
      setSaid(() => done);
    });
  const accept = () =>
    act(async () => {
      const r = await api.accept(leadId);
      return (n) =>
        r.alreadyAccepted
          ? `Already accepted by ${n.rep(r.repId)}.`
          : `Accepted on behalf of ${n.rep(r.repId)}.`;
    });
  const record = () =>
    act(async () => {
      await api.recordOutcome(leadId, outcome);
      return () => `Outcome “${humanize(outcome)}” recorded.`;
    });

  const reassign = (body: { toRepId?: string; teamId?: string; reason: string }) =>
    act(async () => {
      const r = await api.reassign(leadId, body);
      return (n) => `Moved from ${n.rep(r.fromRepId)} to ${n.rep(r.toRepId)}; both were told.`;
    });

  const lead = data?.lead;
  const title = lead
    ? (leadName(lead.fields) ?? (typeof lead.fields.email === "string" ? lead.fields.email : lead.id))
    : "Lead";

  return (
    <>
      <section class="card">
        <p>
          <a href="#/leads">← All leads</a>
        </p>
        <h1 data-testid="lead-title">{title}</h1>
        {lead && (
          <p class="lead-meta">
            <StatusBadge status={lead.status} /> Received {formatWhen(lead.createdAt)} on form “{lead.formId}”
          </p>
        )}
        <Loading done={!!data || !!error} />
        <Feedback status={said ? said(names) : status} error={error} />
        {lead && !lead.erasedAt && canWrite && (
          <div class="actions">
            <button type="button" disabled={busy} onClick={accept}>
              Accept for the rep
            </button>
            <label class="inline">
              Outcome{" "}
              <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as OutcomeKind)}>
                {OUTCOME_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {humanize(k)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="secondary" disabled={busy} onClick={record}>
              Record outcome
            </button>
          </div>
        )}
        {lead && !lead.erasedAt && canWrite && <ReassignForm dir={dir} busy={busy} onReassign={reassign} />}
      </section>

      {lead && (
        <section class="card">
          <h2>What they sent</h2>
          <dl class="fields" data-testid="lead-fields">
            {Object.entries(lead.fields).map(([k, v]) => (
              <div key={k}>
                <dt>{humanize(k)}</dt>
                <dd>{fieldText(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {data && (
        <section class="card">
          <h2>Timeline</h2>
          <ol class="timeline" data-testid="timeline">
            {data.timeline.map((e, i) => (
              <li key={i} data-kind={e.kind}>
                <time>{formatWhen(e.at)}</time>
                <strong>{timelineTitle(e.kind)}</strong>
                <span>{timelineText(e.kind, e.detail, names)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {data && data.decisions.length > 0 && (
        <section class="card">
          <h2>Why it went where it went</h2>
          {data.decisions.map((d, i) => (
            <div key={i} class="decision">
              <p class="muted">
                {humanize(d.kind)} · {formatWhen(d.at)}
              </p>
              <TraceView trace={d.trace} />
            </div>
          ))}
        </section>
      )}

      {data && <Related data={data} names={names} />}
      {lead && !lead.erasedAt && <LeadCrmPanel token={token} leadId={leadId} onError={onError} />}
    </>
  );
}

function Related({ data, names }: { data: LeadDetail; names: Names }) {
  const canWrite = useCanWrite(); // the delivery log is admin-only
  return (
    <section class="card">
      <h2>Meetings, notifications and outcomes</h2>
      <h3>Meetings</h3>
      {data.bookings.length === 0 ? (
        <p class="muted">No meeting booked.</p>
      ) : (
        <ul>
          {data.bookings.map((b, i) => (
            <li key={i}>
              {formatWhen(b.start)} with {names.rep(b.repId)} · {humanize(b.status)}
            </li>
          ))}
        </ul>
      )}
      <h3>Notifications and webhooks</h3>
      {data.deliveries.length > 0 && canWrite && (
        <p>
          <a href={`#/deliveries/${encodeURIComponent(data.lead.id)}`}>
            Open in the delivery log (redeliver)
          </a>
        </p>
      )}
      {data.deliveries.length === 0 ? (
        <p class="muted">Nothing sent.</p>
      ) : (
        <ul>
          {data.deliveries.map((d, i) => (
            <li key={i}>
              {humanize(d.channel)}: {d.event} · {humanize(d.status)}
            </li>
          ))}
        </ul>
      )}
      <h3>Outcomes</h3>
      {data.outcomes.length === 0 ? (
        <p class="muted">No outcome recorded yet.</p>
      ) : (
        <ul>
          {data.outcomes.map((o, i) => (
            <li key={i}>
              {humanize(o.kind)} · {formatWhen(o.at)}
              {o.repId ? ` · ${names.rep(o.repId)}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
