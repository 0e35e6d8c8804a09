import { useMemo, useState } from "preact/hooks";
import { Feedback } from "../components/Feedback";
import { useAction } from "../components/hooks";
import { useDirectory } from "../data/directory";
import { humanize } from "../data/format";
import { dataApi, type EraseResult } from "../data-api";
import type { ScreenProps } from "../screens";

type Step = { at: "enter" } | { at: "confirm"; email: string } | { at: "done"; result: EraseResult };

const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+$/.test(s);

/** Erasure of one person's data by email (two steps), and the retention period in force. */
export function PrivacyScreen({ token, onError }: ScreenProps) {
  const api = useMemo(() => dataApi(token), [token]);
  const dir = useDirectory(token);
  const [step, setStep] = useState<Step>({ at: "enter" });
  const [email, setEmail] = useState("");
  const [confirm, setConfirm] = useState("");
  const { busy, error, setError, run } = useAction(onError);

  const next = (e: Event) => {
    e.preventDefault();
    const value = email.trim();
    if (!looksLikeEmail(value)) return setError("Enter the person's email address.");
    setError(null);
    setConfirm("");
    setStep({ at: "confirm", email: value });
  };
  const erase = async (e: Event) => {
    e.preventDefault();
    if (step.at !== "confirm" || confirm.trim() !== step.email) return;
    const address = step.email;
    await run(async () => {
      const result = await api.erase(address, confirm.trim());
      setEmail("");
      setStep({ at: "done", result });
    });
  };
  const matches = step.at === "confirm" && confirm.trim() === step.email;

  return (
    <>
      <section class="card">
        <h1>Erase a person's data</h1>
        <p class="muted">
          Removes the person's name, email and every other detail they sent from leads, routing traces,
          meetings, notifications, webhooks and the outbox. Counts stay, so analytics do not change. The
          erasure is recorded in the audit log without the email. This cannot be undone.
        </p>
        {step.at === "enter" && (
          <form class="stack" onSubmit={next} noValidate>
            <label for="erase-email">Email address</label>
            <input
              id="erase-email"
              type="email"
              autoComplete="off"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
            <div>
              <button type="submit">Continue</button>
            </div>
          </form>
        )}
        {step.at === "confirm" && (
          <form class="stack danger-zone" onSubmit={erase} noValidate>
            <p>
              You are about to erase everything Baton holds about <strong>{step.email}</strong>.
            </p>
            <label for="erase-confirm">Type the email again to confirm</label>
            <input
              id="erase-confirm"
              type="email"
              autoComplete="off"
              value={confirm}
              onInput={(e) => setConfirm(e.currentTarget.value)}
              aria-describedby="erase-hint"
            />
            <p id="erase-hint" class="muted small">
              {matches ? "The emails match." : "The button is enabled once both emails match exactly."}
            </p>
            <div class="actions">
              <button type="submit" class="danger" disabled={!matches || busy}>
                {busy ? "Erasing…" : "Erase permanently"}
              </button>
              <button
                type="button"
                class="secondary"
                disabled={busy}
                onClick={() => setStep({ at: "enter" })}
              >
                Cancel
              </button>
            </div>
          </form>
        )}
        <Feedback error={error} />
        {step.at === "done" && <Erased result={step.result} onAgain={() => setStep({ at: "enter" })} />}
      </section>
      <section class="card">
        <h2>Retention</h2>
        {!dir.loaded ? (
          <p class="muted">Loading…</p>
        ) : dir.retentionDays ? (
          <p data-testid="retention">
            Leads older than <strong>{dir.retentionDays} days</strong> are anonymised automatically by the
            scheduled retention job; their counts stay in analytics.
          </p>
        ) : (
          <p data-testid="retention">
            No retention period is set: leads are kept until someone erases them here.
          </p>
        )}
        <p class="muted">
          To change it, edit the retention period in <a href="#/config/settings">Config → Settings</a>, save
          the draft and publish it.
        </p>
      </section>
    </>
  );
}

function Erased({ result, onAgain }: { result: EraseResult; onAgain: () => void }) {
  const rows = Object.entries(result.erased);
  const total = rows.reduce((n, [, v]) => n + (typeof v === "number" ? v : 0), 0);
  return (
    <div role="status" data-testid="erase-result">
      <p class="done">
        {total === 0
          ? "Baton held no data for that email. Nothing was changed."
          : `Erased. ${total} records were anonymised:`}
      </p>
      {total > 0 && (
        <table class="compact">
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{humanize(k)}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" class="secondary" onClick={onAgain}>
        Erase someone else
      </button>
    </div>
  );
}
