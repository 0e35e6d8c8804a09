import { useEffect, useState } from "preact/hooks";
import type { RepHours } from "../../../worker/reps/contract";
import { repApi } from "./api";
import { DAYS, dayText, parseWeek, type Day } from "./hours-text";

const texts = (h: RepHours) =>
  Object.fromEntries(DAYS.map(([d]) => [d, dayText(h.workingHours, d)])) as Record<Day, string>;

/** "My hours": the rep's weekly hours, editable when the org allows it (org.repsMayEditHours). */
export function MyHours() {
  const [hours, setHours] = useState<RepHours | null>(null);
  const [draft, setDraft] = useState<Record<Day, string> | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const fail = (e: unknown) => setError(String(e instanceof Error ? e.message : e));
  const load = () =>
    repApi.hours().then((h) => {
      setHours(h);
      setDraft(texts(h));
    }, fail);
  useEffect(() => void load(), []);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setStatus("");
    setError("");
    const parsed = parseWeek(draft);
    if ("error" in parsed) return setError(parsed.error);
    try {
      await repApi.setHours({ workingHours: parsed.week });
      await load();
      setStatus("Saved: new meetings and leads follow these hours from now on.");
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section class="card" aria-labelledby="my-hours">
      <h2 id="my-hours">My hours</h2>
      {hours && draft && (
        <form onSubmit={save}>
          <p class="muted">
            Your weekly hours in {hours.timezone}; an empty day is a day off.
            {!hours.editable && " Only your admin can change them."}
          </p>
          {DAYS.map(([day, label]) => (
            <div key={day}>
              <label for={`hours-${day}`}>{label}</label>
              <input
                id={`hours-${day}`}
                value={draft[day]}
                readOnly={!hours.editable}
                placeholder="day off"
                onInput={(e) => setDraft({ ...draft, [day]: e.currentTarget.value })}
              />
            </div>
          ))}
          {hours.editable && <button type="submit">Save my hours</button>}
        </form>
      )}
      <p role="status">{status}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
