/**
 * Organisation-wide settings: how long personal data is kept (`privacy.retentionDays`, applied
 * by the retention cron) and the channels that receive every lead's notices
 * (`notifications`). Clearing a value removes it, so an empty section leaves no `{}` behind.
 */
import { NumberField, TextField, Toggle } from "../components/fields";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";
import { setSetting, type Section } from "./settings";
import { issuesAt } from "./store";

const CHANNELS = [
  ["slackWebhookUrl", "Slack incoming-webhook URL", "url", "https://hooks.slack.com/services/…"],
  ["teamsWebhookUrl", "Teams Workflows webhook URL", "url", "https://…logic.azure.com/workflows/…"],
  ["email", "Shared email address", "email", "sales-leads@example.com"],
] as const;

export function SettingsTab({ state, actions }: TabProps) {
  const { privacy, notifications, org } = state.doc;
  // Unset rather than false when off, so a document that never allowed it stays unchanged.
  const allow = (key: "repsMayEditHours" | "repsMayConnectCalendar") => (on: boolean) =>
    actions.update((d) => {
      if (on) d.org[key] = true;
      else delete d.org[key];
    });
  const issues = (section: Section) => (
    <Issues issues={issuesAt(state.issues, [section])} base={[section]} doc={state.doc} />
  );
  return (
    <>
      <section class="card" data-testid="settings-privacy">
        <h2>Privacy</h2>
        {issues("privacy")}
        <p class="muted">
          Once a lead is this many days old, the retention job erases the person's details (fields, email,
          routing traces, message payloads). Counts stay, so analytics do not change. Leave it empty to keep
          leads until someone erases them on the Privacy screen.
        </p>
        <div class="grid">
          <NumberField
            label="Keep personal data for (days)"
            hint="1 to 3650; empty keeps it"
            min={1}
            max={3650}
            value={privacy?.retentionDays}
            onChange={(v) => actions.update((d) => setSetting(d, "privacy", "retentionDays", v))}
          />
        </div>
      </section>
      <section class="card" data-testid="settings-notifications">
        <h2>Notifications for every lead</h2>
        {issues("notifications")}
        <p class="muted">
          These channels receive the notice of every lead, on top of the rep's own channels and the team's.
          Each address or channel is sent a notice once.
        </p>
        <div class="grid">
          {CHANNELS.map(([key, label, type, placeholder]) => (
            <TextField
              key={key}
              label={label}
              type={type}
              placeholder={placeholder}
              value={notifications?.[key]}
              onChange={(v) =>
                actions.update((d) => setSetting(d, "notifications", key, v.trim() || undefined))
              }
            />
          ))}
        </div>
      </section>
      <section class="card" data-testid="settings-reps">
        <h2>Rep workspace</h2>
        <p class="muted">
          What reps may change about themselves in their workspace (/admin/rep.html). A rep's change of hours
          publishes a new version with only that rep's hours changed.
        </p>
        <Toggle
          label="Reps may edit their own working hours"
          checked={org.repsMayEditHours === true}
          onChange={allow("repsMayEditHours")}
        />
        <Toggle
          label="Reps may connect their own calendar"
          checked={org.repsMayConnectCalendar === true}
          onChange={allow("repsMayConnectCalendar")}
        />
      </section>
    </>
  );
}
