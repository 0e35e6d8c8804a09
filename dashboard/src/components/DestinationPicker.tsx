import type { Destination } from "../../../worker/core/config-doc";
import { SelectField, TagsField } from "./fields";

type Named = { id: string; name: string };
type Props = {
  value: Destination;
  onChange: (d: Destination) => void;
  teams: Named[];
  reps: Named[];
  label: string;
};

const KINDS: [Destination["type"], string][] = [
  ["team", "A team (its distribution picks the rep)"],
  ["rep", "One named rep"],
  ["account_owner", "The matched account's owner"],
  ["crm_owner", "The CRM owner (contact, else company)"],
  ["skill", "Reps in a team with a skill"],
];

const opts = (xs: Named[]) => xs.map((x): [string, string] => [x.id, x.name]);

/** Where a matched lead goes: every destination the schema has, with its required fields. */
export function DestinationPicker({ value, onChange, teams, reps, label }: Props) {
  const team0 = teams[0]?.id ?? "";
  const switchTo = (type: Destination["type"]) => {
    if (type === "team") onChange({ type, teamId: team0 });
    else if (type === "rep") onChange({ type, repId: reps[0]?.id ?? "" });
    else if (type === "account_owner" || type === "crm_owner") onChange({ type, fallbackTeamId: team0 });
    else onChange({ type, teamId: team0, skills: { languages: [] } });
  };
  return (
    <div class="dest row" role="group" aria-label={label}>
      <SelectField label="Send to" value={value.type} options={KINDS} onChange={switchTo} />
      {(value.type === "team" || value.type === "skill") && (
        <SelectField
          label="Team"
          value={value.teamId}
          options={opts(teams)}
          onChange={(teamId) => onChange({ ...value, teamId })}
        />
      )}
      {value.type === "rep" && (
        <>
          <SelectField
            label="Rep"
            value={value.repId}
            options={opts(reps)}
            onChange={(repId) => onChange({ ...value, repId })}
          />
          <SelectField
            label="If the rep can't take it"
            value={value.fallbackTeamId}
            empty="use the rule set's fallback"
            options={opts(teams)}
            onChange={(t) => {
              const { fallbackTeamId: _, ...rest } = value;
              onChange(t ? { ...rest, fallbackTeamId: t } : rest);
            }}
          />
        </>
      )}
      {(value.type === "account_owner" || value.type === "crm_owner") && (
        <SelectField
          label="If there is no owner"
          value={value.fallbackTeamId}
          options={opts(teams)}
          onChange={(fallbackTeamId) => onChange({ ...value, fallbackTeamId })}
        />
      )}
      {value.type === "skill" && (
        <>
          <TagsField
            label="Languages (one of)"
            hint="e.g. de, fr"
            value={value.skills.languages}
            onChange={(languages) => onChange({ ...value, skills: { ...value.skills, languages } })}
          />
          <TagsField
            label="Verticals (one of)"
            value={value.skills.verticals}
            onChange={(verticals) => onChange({ ...value, skills: { ...value.skills, verticals } })}
          />
        </>
      )}
    </div>
  );
}
