import { useState } from "preact/hooks";
import type { RepMe } from "../../../worker/reps/contract";
import { repApi } from "./api";

/** Tomorrow's date in the rep's browser, as the date input wants it. */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** "I'm out": stop getting leads now, until the start of a chosen day (local time). */
export function AwayPanel({ me, onChange }: { me: RepMe; onChange: () => void }) {
  const [until, setUntil] = useState(tomorrow());
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const fail = (e: unknown) => setError(String(e instanceof Error ? e.message : e));
  return (
    <section class="card" aria-labelledby="away">
      <h2 id="away">I'm out</h2>
      {me.away ? (
        <>
          <p role="status">
            You are out until {new Date(me.away.endAt).toLocaleString()}: no new leads reach you.
          </p>
          <button type="button" onClick={() => repApi.clearAway().then(onChange, fail)}>
            I'm back
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const end = new Date(`${until}T00:00:00`).getTime();
            repApi.setAway({ until: end, ...(reason ? { reason } : {}) }).then(onChange, fail);
          }}
        >
          <p class="muted">From now on, your leads go to your teammates until you are back.</p>
          <label for="away-until">Back on</label>
          <input
            id="away-until"
            type="date"
            required
            value={until}
            onInput={(e) => setUntil(e.currentTarget.value)}
          />
          <label for="away-reason">Note for admins (optional)</label>
          <input
            id="away-reason"
            maxLength={200}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <button type="submit">Mark me out</button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
