/**
 * A routing decision, explained for RevOps: which rule decided and why each earlier rule
 * did not, the score breakdown, the account match, the facts the rules saw and, when a team
 * distributed the lead, its fairness table. Takes what `POST /route/test` returns, or a
 * stored decision's trace (`{ routing, distribution, enrichment }`). Text only: every value
 * comes from a lead or the config and is rendered by Preact as text.
 */
import { DataTable } from "./DataTable";
import { ineligibleText, type IneligibleCandidate } from "../data/ineligible";

type Miss = { path?: (string | number)[]; message?: string };
type RuleTrace = { ruleId: string; name?: string; matched: boolean; failure?: Miss };
type Routing = {
  ruleSetId?: string;
  rules?: RuleTrace[];
  facts?: Record<string, unknown>;
  inferred?: string[];
  notes?: { fact: string; kind: string; message: string }[];
  score?: {
    score: number;
    tier: string | null;
    breakdown: { ruleId: string; matched: boolean; points: number }[];
  };
  account?: {
    confidence: string;
    reason: string;
    account: { domain: string; name: string } | null;
    owner: { repId: string; inheritedFrom: string | null } | null;
  };
  destinationNote?: string;
};
type Candidate = IneligibleCandidate & {
  repId: string;
  eligible: boolean;
  weight?: number;
  priority?: number;
  target?: number | null;
  actual?: number;
  shortfall?: number | null;
};
type Distribution = {
  teamId?: string | null;
  why?: string;
  direct?: string | { repId?: string } | unknown;
  ok?: boolean;
  repId?: string;
  mode?: string;
  reason?: string;
  explanation?: Candidate[];
};

export type TraceViewProps = {
  /** A route/test answer (`{ ruleId, destination, trace, distribution }`) or a stored trace. */
  trace: unknown;
  /** Optional display names of reps and teams by id; ids are shown where a name is missing. */
  names?: Record<string, string>;
};

const obj = (v: unknown): Record<string, any> =>
  typeof v === "object" && v !== null ? (v as Record<string, any>) : {};

function text(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.map(text).join(", ");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

const num = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(2);

/** Accepts both shapes and returns the routing trace and the distribution attempts. */
function normalise(input: unknown): {
  routing: Routing;
  distribution: Distribution[];
  ruleId?: string;
  destination?: unknown;
} {
  const top = obj(input);
  if ("routing" in top) {
    const d = top.distribution;
    return {
      routing: obj(top.routing) as Routing,
      distribution: (Array.isArray(d) ? d : d ? [d] : []) as Distribution[],
    };
  }
  if ("trace" in top) {
    return {
      routing: obj(top.trace) as Routing,
      distribution: top.distribution ? [top.distribution as Distribution] : [],
      ruleId: top.ruleId,
      destination: top.destination,
    };
  }
  return { routing: top as Routing, distribution: [] };
}

export function describeDestination(d: unknown, names: Record<string, string> = {}): string {
  const x = obj(d);
  const n = (id: unknown) => names[String(id)] ?? String(id);
  switch (x.type) {
    case "team":
      return `team ${n(x.teamId)}`;
    case "rep":
      return `${n(x.repId)}${x.fallbackTeamId ? ` (else team ${n(x.fallbackTeamId)})` : ""}`;
    case "account_owner":
      return `the account owner (else team ${n(x.fallbackTeamId)})`;
    case "skill":
      return `a rep in team ${n(x.teamId)} with ${text([...(x.skills?.languages ?? []), ...(x.skills?.verticals ?? [])])}`;
    default:
      return text(d);
  }
}

export function TraceView({ trace, names = {} }: TraceViewProps) {
  const { routing, distribution, ruleId, destination } = normalise(trace);
  const rules = routing.rules ?? [];
  const decided = rules.find((r) => r.matched);
  return (
    <div class="trace" data-testid="trace">
      <p class="trace-outcome" data-testid="trace-outcome">
        {decided ? (
          <>
            Rule <strong>{decided.name ?? decided.ruleId}</strong> matched
          </>
        ) : (
          <>No rule matched: the fallback decided</>
        )}
        {destination !== undefined && <> → {describeDestination(destination, names)}</>}
        {ruleId && <span class="muted"> ({ruleId})</span>}
      </p>
      {routing.destinationNote && <p class="muted">{routing.destinationNote}</p>}

      <h3>Rules, in order</h3>
      <ol class="trace-rules">
        {rules.map((r) => (
          <li key={r.ruleId} class={r.matched ? "matched" : "missed"} data-rule={r.ruleId}>
            <span class="badge-sm">{r.matched ? "matched" : "no match"}</span>{" "}
            <strong>{r.name ?? r.ruleId}</strong>{" "}
            {r.failure?.message && <span class="why">— {r.failure.message}</span>}
          </li>
        ))}
        {!decided && <li class="matched">Fallback</li>}
      </ol>

      {distribution.map((d, i) => (
        <Fairness key={i} d={d} names={names} />
      ))}

      {routing.score && (
        <>
          <h3>
            Score {routing.score.score}
            {routing.score.tier && <> · tier {routing.score.tier}</>}
          </h3>
          {routing.score.breakdown.length > 0 && (
            <table class="compact">
              <thead>
                <tr>
                  <th scope="col">Scoring rule</th>
                  <th scope="col">Matched</th>
                  <th scope="col">Points</th>
                </tr>
              </thead>
              <tbody>
                {routing.score.breakdown.map((b) => (
                  <tr key={b.ruleId}>
                    <td>{b.ruleId}</td>
                    <td>{b.matched ? "yes" : "no"}</td>
                    <td>{b.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      {routing.account && (
        <>
          <h3>Account match</h3>
          <p data-testid="trace-account">
            {routing.account.account ? (
              <>
                {routing.account.account.name} ({routing.account.account.domain}),{" "}
                {routing.account.confidence} match
                {routing.account.owner && (
                  <>, owner {names[routing.account.owner.repId] ?? routing.account.owner.repId}</>
                )}
                {routing.account.owner?.inheritedFrom && (
                  <> (inherited from {routing.account.owner.inheritedFrom})</>
                )}
                .{" "}
              </>
            ) : null}
            <span class="muted">{routing.account.reason}</span>
          </p>
        </>
      )}

      {routing.facts && (
        <details>
          <summary>Facts the rules saw</summary>
          <table class="compact">
            <tbody>
              {Object.entries(routing.facts).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    {text(v)}
                    {routing.inferred?.includes(k) && <span class="muted"> (inferred)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {routing.notes?.map((n, i) => (
            <p key={i} class="muted">
              {n.fact}: {n.message}
            </p>
          ))}
        </details>
      )}
    </div>
  );
}

const FAIRNESS_COLUMNS = ["Rep", "Eligible", "Weight", "Target", "Actual", "Shortfall"];

function Fairness({ d, names }: { d: Distribution; names: Record<string, string> }) {
  if (d.direct !== undefined) {
    const rep = typeof d.direct === "string" ? d.direct : text(d.direct);
    return (
      <p data-testid="trace-direct">
        Goes directly to <strong>{names[rep] ?? rep}</strong>
        {d.why && <span class="muted"> — {d.why}</span>}
      </p>
    );
  }
  if (!d.explanation) return null;
  return (
    <>
      <h3>
        Team {names[String(d.teamId)] ?? d.teamId} · {d.mode?.replace("_", " ")}
        {d.ok === false && <span class="error"> — nobody eligible</span>}
      </h3>
      {d.why && <p class="muted">{d.why}</p>}
      <DataTable columns={FAIRNESS_COLUMNS} compact testId="fairness">
        {d.explanation.map((c) => (
          <tr key={c.repId} data-rep={c.repId} class={c.repId === d.repId ? "active" : undefined}>
            <th scope="row">
              {names[c.repId] ?? c.repId}
              {c.repId === d.repId && <span class="badge"> picked</span>}
            </th>
            <td>{c.eligible ? "yes" : `no: ${ineligibleText(c)}`}</td>
            <td>{num(c.weight)}</td>
            <td>{num(c.target)}</td>
            <td>{num(c.actual)}</td>
            <td>{num(c.shortfall)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
