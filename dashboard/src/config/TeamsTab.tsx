import type { Team } from "../../../worker/core/config-doc";
import { DataTable } from "../components/DataTable";
import { AddButton, IconButton, NumberField, SelectField, TextField, Toggle } from "../components/fields";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";
import { issuesAt } from "./store";

const MODES: [Team["distribution"]["mode"], string][] = [
  ["round_robin", "Round robin — strict rotation"],
  ["weighted", "Weighted — furthest below its weighted share"],
  ["availability", "Availability — everyone's slots, picked at booking"],
  ["least_loaded", "Least loaded — fewest open leads"],
  ["predictive", "Predictive — best conversion within a fairness band"],
];

const LOCATIONS: [Team["meetingType"]["location"]["kind"], string][] = [
  ["google_meet", "Google Meet"],
  ["teams", "Microsoft Teams"],
  ["phone", "Phone call"],
  ["url", "Fixed link"],
  ["in_person", "In person"],
];

const MEMBER_COLUMNS = ["Rep", "Weight", "Priority", { hidden: "Remove" }];

export function TeamsTab({ state, actions }: TabProps) {
  const { teams, reps } = state.doc;
  const repOptions = reps.map((r): [string, string] => [r.id, r.name]);
  const add = () =>
    actions.update((d) =>
      d.teams.push({
        id: `team-${d.teams.length + 1}`,
        name: "New team",
        members: [],
        distribution: {
          mode: "round_robin",
          countingWindow: "week",
          calibration: "average",
          requireWorkingHours: false,
          dedupeWindowDays: 30,
          releaseOnCancel: true,
        },
      } as unknown as Team),
    );
  return (
    <section class="card">
      <div class="row spread">
        <h2>Teams ({teams.length})</h2>
        <button type="button" onClick={add}>
          + Add team
        </button>
      </div>
      {teams.map((team, i) => {
        const edit = (fn: (t: Team) => void) => actions.update((d) => fn(d.teams[i]!));
        const issues = issuesAt(state.issues, ["teams", i]);
        const mt = team.meetingType;
        return (
          <details
            key={i}
            class={`item${issues.length ? " has-issues" : ""}`}
            data-team={team.id}
            open={issues.length > 0}
          >
            <summary>
              <strong>{team.name}</strong>{" "}
              <span class="muted">
                {team.members.length} member(s), {team.distribution.mode.replace("_", " ")}
              </span>
              {issues.length > 0 && <span class="count">{issues.length}</span>}
            </summary>
            <Issues issues={issues} base={["teams", i]} doc={state.doc} />
            <div class="grid">
              <TextField label="Name" value={team.name} onChange={(v) => edit((t) => void (t.name = v))} />
              <TextField label="Id" value={team.id} onChange={(v) => edit((t) => void (t.id = v))} />
              <SelectField
                label="Distribution"
                value={team.distribution.mode}
                options={MODES}
                onChange={(v) => edit((t) => void (t.distribution.mode = v))}
              />
              <SelectField
                label="Shares counted per"
                value={team.distribution.countingWindow}
                options={["day", "week", "month"]}
                onChange={(v) => edit((t) => void (t.distribution.countingWindow = v))}
              />
            </div>
            <Toggle
              label="Only reps inside working hours"
              checked={team.distribution.requireWorkingHours}
              onChange={(v) => edit((t) => void (t.distribution.requireWorkingHours = v))}
            />

            <h3>Members</h3>
            <DataTable columns={MEMBER_COLUMNS} compact wrap={false}>
              {team.members.map((m, k) => (
                <tr key={k}>
                  <td>
                    <select
                      aria-label={`Member ${k + 1}`}
                      value={m.repId}
                      onChange={(e) => edit((t) => void (t.members[k]!.repId = e.currentTarget.value))}
                    >
                      {!reps.some((r) => r.id === m.repId) && (
                        <option value={m.repId}>{m.repId} (unknown)</option>
                      )}
                      {repOptions.map(([id, name]) => (
                        <option key={id} value={id}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0.1}
                      step={0.1}
                      aria-label={`Weight of member ${k + 1}`}
                      value={m.weight}
                      onChange={(e) =>
                        edit((t) => void (t.members[k]!.weight = Number(e.currentTarget.value)))
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={-100}
                      max={100}
                      aria-label={`Priority of member ${k + 1}`}
                      value={m.priority}
                      onChange={(e) =>
                        edit((t) => void (t.members[k]!.priority = Number(e.currentTarget.value)))
                      }
                    />
                  </td>
                  <td>
                    <IconButton
                      label={`Remove member ${k + 1}`}
                      text="✕"
                      danger
                      onClick={() => edit((t) => void t.members.splice(k, 1))}
                    />
                  </td>
                </tr>
              ))}
            </DataTable>
            <AddButton
              text="Member"
              onClick={() =>
                edit((t) => {
                  // The first rep not yet in the team, so a new row is not a duplicate member.
                  const repId = reps.find((r) => !t.members.some((m) => m.repId === r.id))?.id ?? "";
                  t.members.push({ repId, weight: 1, priority: 0 });
                })
              }
            />

            <h3>Meeting</h3>
            <div class="grid">
              <TextField
                label="Title"
                hint="{{lead.company}}, {{rep.name}} …"
                value={mt.titleTemplate}
                onChange={(v) => edit((t) => void (t.meetingType.titleTemplate = v))}
              />
              <NumberField
                label="Length (minutes)"
                min={5}
                value={mt.durationMinutes}
                onChange={(v) => edit((t) => void (t.meetingType.durationMinutes = v ?? 30))}
              />
              <NumberField
                label="Buffer before (min)"
                min={0}
                value={mt.bufferBeforeMinutes}
                onChange={(v) => edit((t) => void (t.meetingType.bufferBeforeMinutes = v ?? 0))}
              />
              <NumberField
                label="Buffer after (min)"
                min={0}
                value={mt.bufferAfterMinutes}
                onChange={(v) => edit((t) => void (t.meetingType.bufferAfterMinutes = v ?? 0))}
              />
              <NumberField
                label="Minimum notice (min)"
                min={0}
                value={mt.minimumNoticeMinutes}
                onChange={(v) => edit((t) => void (t.meetingType.minimumNoticeMinutes = v ?? 0))}
              />
              <NumberField
                label="Bookable days ahead"
                min={1}
                value={mt.horizonDays}
                onChange={(v) => edit((t) => void (t.meetingType.horizonDays = v ?? 14))}
              />
              <SelectField
                label="Where"
                value={mt.location.kind}
                options={LOCATIONS}
                onChange={(kind) =>
                  edit((t) => {
                    t.meetingType.location =
                      kind === "url"
                        ? { kind, url: "https://" }
                        : kind === "in_person"
                          ? { kind, address: "" }
                          : { kind };
                  })
                }
              />
              {mt.location.kind === "url" && (
                <TextField
                  label="Meeting link"
                  value={mt.location.url}
                  onChange={(v) => edit((t) => void (t.meetingType.location = { kind: "url", url: v }))}
                />
              )}
              {mt.location.kind === "in_person" && (
                <TextField
                  label="Address"
                  value={mt.location.address}
                  onChange={(v) =>
                    edit((t) => void (t.meetingType.location = { kind: "in_person", address: v }))
                  }
                />
              )}
            </div>

            <h3>Response time (SLA)</h3>
            <div class="grid">
              <NumberField
                label="Accept within (minutes)"
                min={1}
                value={team.sla.acceptWithinMinutes}
                onChange={(v) => edit((t) => void (t.sla.acceptWithinMinutes = v ?? 30))}
              />
              <NumberField
                label="Reassign at most"
                min={0}
                max={10}
                value={team.sla.maxReassignments}
                onChange={(v) => edit((t) => void (t.sla.maxReassignments = v ?? 0))}
              />
              <SelectField
                label="Then escalate to"
                value={team.sla.escalateTo?.kind ?? ""}
                empty="nobody (admins are told)"
                options={[
                  ["manager", "The rep's manager"],
                  ["rep", "A named rep"],
                  ["team", "Another team"],
                ]}
                onChange={(kind) =>
                  edit((t) => {
                    t.sla.escalateTo =
                      kind === "manager"
                        ? { kind }
                        : kind === "rep"
                          ? { kind, repId: reps[0]?.id ?? "" }
                          : kind === "team"
                            ? { kind, teamId: teams[0]?.id ?? "" }
                            : undefined;
                  })
                }
              />
              {team.sla.escalateTo?.kind === "rep" && (
                <SelectField
                  label="Escalation rep"
                  value={team.sla.escalateTo.repId}
                  options={repOptions}
                  onChange={(repId) => edit((t) => void (t.sla.escalateTo = { kind: "rep", repId }))}
                />
              )}
              {team.sla.escalateTo?.kind === "team" && (
                <SelectField
                  label="Escalation team"
                  value={team.sla.escalateTo.teamId}
                  options={teams.map((x): [string, string] => [x.id, x.name])}
                  onChange={(teamId) => edit((t) => void (t.sla.escalateTo = { kind: "team", teamId }))}
                />
              )}
            </div>
            <Toggle
              label="Count only working hours"
              checked={team.sla.workingTime}
              onChange={(v) => edit((t) => void (t.sla.workingTime = v))}
            />
            <p>
              <button
                type="button"
                class="small danger"
                onClick={() =>
                  confirm(`Remove team ${team.name}?`) && actions.update((d) => void d.teams.splice(i, 1))
                }
              >
                Remove team
              </button>
            </p>
          </details>
        );
      })}
    </section>
  );
}
