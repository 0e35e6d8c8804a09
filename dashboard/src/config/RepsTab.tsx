import { useEffect, useMemo, useState } from "preact/hooks";
import type { Rep } from "../../../worker/core/config-doc";
import {
  AddButton,
  IconButton,
  NumberField,
  SelectField,
  TagsField,
  TextField,
  timeZones,
  Toggle,
} from "../components/fields";
import { Issues } from "../components/Issues";
import type { CalendarConnection } from "../../../worker/calendars/contract";
import { configApi } from "./api";
import { CalendarSection } from "./CalendarSection";
import type { TabProps } from "./ConfigScreen";
import { issuesAt } from "./store";
import { DAYS, type Day } from "../rep/hours-text";

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-08-03T09:00:00Z` → the browser-local `2026-08-03T11:00` a datetime-local input shows. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : "");

export function RepsTab({ token, state, actions, onError }: TabProps) {
  const [connections, setConnections] = useState<CalendarConnection[]>([]);
  useEffect(() => {
    configApi(token)
      .calendars()
      .then(setConnections)
      .catch((err) => onError(err));
  }, [token]);
  const zones = useMemo(() => timeZones(), []);
  const reps = state.doc.reps;
  const edit = (i: number, fn: (r: Rep) => void) => actions.update((d) => fn(d.reps[i]!));
  const add = () =>
    actions.update((d) =>
      d.reps.push({
        id: `rep-${d.reps.length + 1}`,
        name: "New rep",
        email: `rep${d.reps.length + 1}@example.com`,
        timezone: d.org.timezone,
        workingHours: {
          mon: [{ start: "09:00", end: "17:00" }],
          tue: [{ start: "09:00", end: "17:00" }],
          wed: [{ start: "09:00", end: "17:00" }],
          thu: [{ start: "09:00", end: "17:00" }],
          fri: [{ start: "09:00", end: "17:00" }],
        },
        dateOverrides: [],
        ooo: [],
        skills: { languages: [], verticals: [] },
        caps: {},
        calendar: { provider: "builtin" },
        active: true,
      }),
    );
  return (
    <section class="card">
      <div class="row spread">
        <h2>Reps ({reps.length})</h2>
        <button type="button" onClick={add}>
          + Add rep
        </button>
      </div>
      {reps.map((rep, i) => (
        <RepCard
          key={i}
          rep={rep}
          index={i}
          zones={zones}
          token={token}
          onError={onError}
          issues={issuesAt(state.issues, ["reps", i])}
          connection={connections.find((c) => c.repId === rep.id)}
          edit={(fn) => edit(i, fn)}
          remove={() => actions.update((d) => void d.reps.splice(i, 1))}
        />
      ))}
    </section>
  );
}

type CardProps = {
  rep: Rep;
  index: number;
  zones: string[];
  token: string;
  onError: (err: unknown) => string;
  issues: ReturnType<typeof issuesAt>;
  connection?: CalendarConnection;
  edit: (fn: (r: Rep) => void) => void;
  remove: () => void;
};

function RepCard({ rep, index, zones, token, onError, issues, connection, edit, remove }: CardProps) {
  return (
    <details class={`item${issues.length ? " has-issues" : ""}`} data-rep={rep.id} open={issues.length > 0}>
      <summary>
        <strong>{rep.name}</strong> <span class="muted">{rep.email}</span>{" "}
        {!rep.active && <span class="badge off">inactive</span>}
        {issues.length > 0 && <span class="count">{issues.length}</span>}
      </summary>
      <Issues issues={issues} base={["reps", index]} />
      <div class="grid">
        <TextField label="Name" value={rep.name} onChange={(v) => edit((r) => void (r.name = v))} />
        <TextField
          label="Email"
          type="email"
          value={rep.email}
          onChange={(v) => edit((r) => void (r.email = v))}
        />
        <TextField
          label="Id"
          hint="Used by teams, rules and accounts"
          value={rep.id}
          onChange={(v) => edit((r) => void (r.id = v))}
        />
        <SelectField
          label="Time zone"
          value={rep.timezone}
          options={zones.includes(rep.timezone) ? zones : [rep.timezone, ...zones]}
          onChange={(v) => edit((r) => void (r.timezone = v))}
        />
        <TextField
          label="Title"
          value={rep.title}
          onChange={(v) => edit((r) => void (r.title = v || undefined))}
        />
        <NumberField
          label="Most new leads a day"
          min={1}
          value={rep.caps.perDay}
          onChange={(v) => edit((r) => void (r.caps.perDay = v))}
        />
        <NumberField
          label="Most new leads a week"
          min={1}
          value={rep.caps.perWeek}
          onChange={(v) => edit((r) => void (r.caps.perWeek = v))}
        />
        <TagsField
          label="Languages"
          hint="e.g. en, de"
          value={rep.skills.languages}
          onChange={(v) => edit((r) => void (r.skills.languages = v))}
        />
        <TagsField
          label="Verticals"
          hint="e.g. fintech, saas"
          value={rep.skills.verticals}
          onChange={(v) => edit((r) => void (r.skills.verticals = v))}
        />
      </div>
      <Toggle
        label="Active"
        hint="inactive reps keep their history but get no leads"
        checked={rep.active}
        onChange={(v) => edit((r) => void (r.active = v))}
      />

      <h3>Working hours ({rep.timezone})</h3>
      <WeeklyHours rep={rep} edit={edit} />

      <h3>Out of office</h3>
      {rep.ooo.map((o, k) => (
        <div class="row" key={k}>
          <label>
            From{" "}
            <input
              type="datetime-local"
              value={toLocalInput(o.start)}
              onChange={(e) => edit((r) => void (r.ooo[k]!.start = fromLocalInput(e.currentTarget.value)))}
            />
          </label>
          <label>
            Until{" "}
            <input
              type="datetime-local"
              value={toLocalInput(o.end)}
              onChange={(e) => edit((r) => void (r.ooo[k]!.end = fromLocalInput(e.currentTarget.value)))}
            />
          </label>
          <label>
            Reason{" "}
            <input
              value={o.reason ?? ""}
              onChange={(e) => edit((r) => void (r.ooo[k]!.reason = e.currentTarget.value || undefined))}
            />
          </label>
          <IconButton
            label={`Remove out-of-office range ${k + 1}`}
            text="✕"
            danger
            onClick={() => edit((r) => void r.ooo.splice(k, 1))}
          />
        </div>
      ))}
      <AddButton
        text="Out-of-office range"
        onClick={() =>
          edit((r) => {
            const start = new Date();
            start.setHours(0, 0, 0, 0);
            r.ooo.push({
              start: start.toISOString(),
              end: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
            });
          })
        }
      />

      <CalendarSection rep={rep} token={token} connection={connection} onError={onError} edit={edit} />
      <p>
        <button type="button" class="small danger" onClick={() => confirm(`Remove ${rep.name}?`) && remove()}>
          Remove rep
        </button>
      </p>
    </details>
  );
}

function WeeklyHours({ rep, edit }: { rep: Rep; edit: (fn: (r: Rep) => void) => void }) {
  const hours = rep.workingHours as Partial<Record<Day, { start: string; end: string }[]>>;
  const setDay = (day: Day, fn: (list: { start: string; end: string }[]) => void) =>
    edit((r) => {
      const wh = r.workingHours as Partial<Record<Day, { start: string; end: string }[]>>;
      const list = (wh[day] ??= []);
      fn(list);
      if (!list.length) delete wh[day];
    });
  return (
    <table class="compact hours">
      <tbody>
        {DAYS.map(([day, name]) => {
          const list = hours[day] ?? [];
          return (
            <tr key={day}>
              <th scope="row">{name}</th>
              <td>
                {list.length === 0 && <span class="muted">Day off </span>}
                {list.map((iv, k) => (
                  <span class="interval" key={k}>
                    <input
                      type="time"
                      aria-label={`${name} interval ${k + 1} start`}
                      value={iv.start}
                      onChange={(e) => setDay(day, (l) => void (l[k]!.start = e.currentTarget.value))}
                    />
                    –
                    <input
                      type="time"
                      aria-label={`${name} interval ${k + 1} end`}
                      value={iv.end === "24:00" ? "23:59" : iv.end}
                      onChange={(e) => setDay(day, (l) => void (l[k]!.end = e.currentTarget.value))}
                    />
                    <IconButton
                      label={`Remove ${name} interval ${k + 1}`}
                      text="✕"
                      onClick={() => setDay(day, (l) => void l.splice(k, 1))}
                    />
                  </span>
                ))}
                <IconButton
                  label={`Add hours on ${name}`}
                  text="+"
                  onClick={() => setDay(day, (l) => void l.push({ start: "09:00", end: "17:00" }))}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
