import { useEffect, useState } from "preact/hooks";
import type { RepMeeting, RepMeetings } from "../../../worker/reps/contract";
import { repApi } from "./api";

function Meeting({ m }: { m: RepMeeting }) {
  return (
    <li>
      <strong>{new Date(m.start).toLocaleString()}</strong> · {m.name ?? m.email ?? m.leadId}
      {m.company && <span> · {m.company}</span>}
      {m.answers.length > 0 && (
        <dl>
          {m.answers.map((a) => (
            <>
              <dt>{a.label}</dt>
              <dd>{a.value}</dd>
            </>
          ))}
        </dl>
      )}
    </li>
  );
}

/** My meetings: upcoming and past, with what the visitor answered on the form. */
export function MyMeetings() {
  const [meetings, setMeetings] = useState<RepMeetings | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    repApi.meetings().then(setMeetings, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, []);
  return (
    <section class="card" aria-labelledby="my-meetings">
      <h2 id="my-meetings">My meetings</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {meetings && (
        <>
          <h3>Upcoming</h3>
          {meetings.upcoming.length ? (
            <ul class="rep-list">
              {meetings.upcoming.map((m) => (
                <Meeting key={m.bookingId} m={m} />
              ))}
            </ul>
          ) : (
            <p class="muted">None.</p>
          )}
          <h3>Past</h3>
          {meetings.past.length ? (
            <ul class="rep-list">
              {meetings.past.map((m) => (
                <Meeting key={m.bookingId} m={m} />
              ))}
            </ul>
          ) : (
            <p class="muted">None.</p>
          )}
        </>
      )}
    </section>
  );
}
