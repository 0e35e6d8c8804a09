import { useEffect, useState } from "preact/hooks";
import type { RepCalendar } from "../../../worker/reps/contract";
import { repApi } from "./api";

const NAMES = { google: "Google Calendar", microsoft: "Microsoft 365" } as const;

/** "My calendar": the rep's own connection, and connecting it when the org allows. */
export function MyCalendar() {
  const [cal, setCal] = useState<RepCalendar | null>(null);
  const [error, setError] = useState("");
  const fail = (e: unknown) => setError(String(e instanceof Error ? e.message : e));
  useEffect(() => void repApi.calendar().then(setCal, fail), []);
  // The consent page comes back to Baton's callback, which stores the grant for this rep only.
  const connect = (provider: keyof typeof NAMES) =>
    repApi.connectCalendar({ provider }).then((link) => location.assign(link.url), fail);
  const c = cal?.connection;
  return (
    <section class="card" aria-labelledby="my-calendar">
      <h2 id="my-calendar">My calendar</h2>
      {cal && (
        <p data-testid="calendar-status">
          {c
            ? `${NAMES[c.provider]}${c.accountEmail ? ` (${c.accountEmail})` : ""}: ${c.status}.`
            : "No calendar connected: meetings are offered from your working hours only."}
        </p>
      )}
      {cal?.allowed &&
        (Object.keys(NAMES) as (keyof typeof NAMES)[]).map((p) => (
          <button key={p} type="button" onClick={() => void connect(p)}>
            Connect {NAMES[p]}
          </button>
        ))}
      {cal && !cal.allowed && <p class="muted">Ask your admin to connect your calendar.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
