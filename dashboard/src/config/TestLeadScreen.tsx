/**
 * `#/test-lead`: fill in (or paste) a lead and see where the draft would send it, and why.
 * Nothing is stored or counted: it is `POST /route/test` with the unsaved draft.
 */
import { useMemo, useState } from "preact/hooks";
import { TraceView } from "../components/TraceView";
import { Feedback } from "../components/Feedback";
import type { ScreenProps } from "../screens";
import { configApi, type RouteTestResult } from "./api";
import { DraftStatus } from "./ConfigScreen";
import { useDraft } from "./store";

export function TestLeadScreen({ token, onError }: ScreenProps) {
  const [state] = useDraft(token);
  const forms = state.doc?.forms ?? [];
  const [formId, setFormId] = useState<string | null>(null);
  const form = forms.find((f) => f.id === formId) ?? forms[0];
  const [fields, setFields] = useState<Record<string, string>>({});
  const [source, setSource] = useState("");
  const [utm, setUtm] = useState("");
  const [against, setAgainst] = useState<"draft" | "active">("draft");
  const [paste, setPaste] = useState("");
  const [result, setResult] = useState<RouteTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const visible = useMemo(() => form?.fields.filter((f) => f.type !== "hidden") ?? [], [form]);
  const names = useMemo(
    () =>
      Object.fromEntries(
        [...(state.doc?.reps ?? []), ...(state.doc?.teams ?? [])].map((x) => [x.id, x.name]),
      ),
    [state.doc],
  );

  if (!state.doc || !form) return <section class="card">{state.error ?? "Loading…"}</section>;

  const usePaste = () => {
    try {
      const parsed = JSON.parse(paste) as Record<string, unknown>;
      const data = (parsed.fields ?? parsed) as Record<string, unknown>;
      setFields(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)])));
      setError(null);
    } catch {
      setError('Paste a JSON object of form fields, e.g. {"email": "ann@acme.com", "country": "DE"}.');
    }
  };

  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const values: Record<string, unknown> = {};
      for (const f of form.fields) {
        const v = fields[f.name];
        if (v === undefined || v === "") continue;
        values[f.name] =
          f.type === "multiselect"
            ? v.split(",").map((s) => s.trim())
            : f.type === "checkbox"
              ? v === "true"
              : v;
      }
      const utmPairs = Object.fromEntries(
        utm
          .split(/[&\n]/)
          .map((p) => p.split("=").map((s) => s.trim()))
          .filter((p) => p[0] && p[1])
          .map(([k, v]) => [k!.replace(/^utm_/, ""), v!]),
      );
      const lead = {
        fields: values,
        context: {
          ...(source ? { source } : {}),
          ...(Object.keys(utmPairs).length ? { utm: utmPairs } : {}),
        },
      };
      const body =
        against === "draft" ? { lead, formId: form.id, config: state.doc } : { lead, formId: form.id };
      setResult(await configApi(token).routeTest(body));
    } catch (err) {
      setResult(null);
      setError(onError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section class="card">
        <h1>Test a lead</h1>
        <DraftStatus state={state} />
        <form onSubmit={run} class="test-lead">
          <div class="row">
            <label>
              Form{" "}
              <select value={form.id} onChange={(e) => setFormId(e.currentTarget.value)}>
                {forms.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
            <fieldset class="inline">
              <legend class="sr-only">Test against</legend>
              <label class="toggle">
                <input
                  type="radio"
                  name="against"
                  checked={against === "draft"}
                  onChange={() => setAgainst("draft")}
                />{" "}
                the draft (with unsaved edits)
              </label>
              <label class="toggle">
                <input
                  type="radio"
                  name="against"
                  checked={against === "active"}
                  onChange={() => setAgainst("active")}
                />{" "}
                the live version
              </label>
            </fieldset>
          </div>
          <div class="grid">
            {visible.map((f) => (
              <div class="field" key={f.name}>
                <label for={`lead-${f.name}`}>{f.label}</label>
                {f.options ? (
                  <select
                    id={`lead-${f.name}`}
                    value={fields[f.name] ?? ""}
                    onChange={(e) => setFields({ ...fields, [f.name]: e.currentTarget.value })}
                  >
                    <option value="">—</option>
                    {f.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={`lead-${f.name}`}
                    value={fields[f.name] ?? ""}
                    onInput={(e) => setFields({ ...fields, [f.name]: e.currentTarget.value })}
                  />
                )}
              </div>
            ))}
            <div class="field">
              <label for="lead-source">Source</label>
              <input
                id="lead-source"
                placeholder="e.g. partner"
                value={source}
                onInput={(e) => setSource(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="lead-utm">UTM parameters</label>
              <input
                id="lead-utm"
                placeholder="utm_source=google&utm_medium=cpc"
                value={utm}
                onInput={(e) => setUtm(e.currentTarget.value)}
              />
            </div>
          </div>
          <details>
            <summary>Paste a lead as JSON</summary>
            <textarea
              aria-label="Lead JSON"
              rows={4}
              value={paste}
              onInput={(e) => setPaste(e.currentTarget.value)}
            />
            <button type="button" class="small secondary" onClick={usePaste}>
              Fill the form
            </button>
          </details>
          <button type="submit" disabled={busy}>
            {busy ? "Routing…" : "Route this lead"}
          </button>
        </form>
        <Feedback error={error} />
      </section>
      {result && (
        <section class="card">
          <h2>Result {result.version === null ? "(unsaved draft)" : `(v${result.version})`}</h2>
          <TraceView trace={result} names={names} />
        </section>
      )}
    </>
  );
}
