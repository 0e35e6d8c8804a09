// oxlint-disable unicorn/no-thenable -- a rule's destination is named `then` by the config format.
import { useState } from "preact/hooks";
import type { Rule } from "../../../worker/core/config-doc";
import { BASE_FACTS, ConditionBuilder, FactList, type Lists } from "../components/ConditionBuilder";
import { DestinationPicker } from "../components/DestinationPicker";
import { IconButton, TextField } from "../components/fields";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";
import { issuesAt } from "./store";

const named = (xs: { id: string; name: string }[]) => xs.map((x) => ({ id: x.id, name: x.name }));

/** Moves item `from` to index `to` in place. */
function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length || from === to) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}

/**
 * The rule sets: ordered rules (first match wins) reordered by drag and drop or by the
 * move buttons (keyboard and screen readers), each with its condition and destination.
 */
export function RulesTab({ state, actions }: TabProps) {
  const doc = state.doc;
  const [setIndex, setSetIndex] = useState(0);
  const [dragging, setDragging] = useState<number | null>(null);
  const s = Math.min(setIndex, doc.ruleSets.length - 1);
  const set = doc.ruleSets[s];
  if (!set) return <section class="card">No rule sets.</section>;

  const lists: Lists = {
    facts: [...BASE_FACTS, ...new Set(doc.forms.flatMap((f) => f.fields.map((x) => `fields.${x.name}`)))],
    regions: doc.regions.map((r) => ({ id: r.id, name: r.name })),
    territories: doc.territories.map((t) => ({ id: t.id, name: t.name })),
  };
  const editSet = (fn: (rules: Rule[]) => void) => actions.update((d) => fn(d.ruleSets[s]!.rules));
  const base = ["ruleSets", s];
  const forms = doc.forms.filter((f) => f.ruleSetId === set.id).map((f) => f.name);

  return (
    <section class="card">
      <FactList facts={lists.facts} />
      <div class="row spread">
        <h2>Rules</h2>
        {doc.ruleSets.length > 1 && (
          <label>
            Rule set{" "}
            <select value={s} onChange={(e) => setSetIndex(Number(e.currentTarget.value))}>
              {doc.ruleSets.map((r, i) => (
                <option key={r.id} value={i}>
                  {r.name ?? r.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p class="muted">
        {set.name ?? set.id}
        {forms.length > 0 && <> — routes {forms.join(", ")}</>}. Rules are tried top to bottom; the first that
        matches decides. Drag a rule or use its arrows to reorder.
      </p>
      <Issues
        issues={state.issues.filter((i) => i.path.length <= 3 && i.path[0] === "ruleSets" && i.path[1] === s)}
        base={base}
        doc={state.doc}
      />
      <ol class="rules">
        {set.rules.map((rule, r) => {
          const issues = issuesAt(state.issues, [...base, "rules", r]);
          const label = rule.name ?? rule.id;
          return (
            <li
              key={`${rule.id}-${r}`}
              class={`rule item${dragging === r ? " dragging" : ""}${issues.length ? " has-issues" : ""}`}
              data-rule={rule.id}
              draggable
              onDragStart={(e) => {
                setDragging(r);
                e.dataTransfer?.setData("text/plain", String(r));
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                // The index kept at dragstart: dataTransfer is unreadable in some browsers' drop.
                const from = dragging ?? Number(e.dataTransfer?.getData("text/plain"));
                if (Number.isInteger(from)) editSet((rules) => move(rules, from, r));
                setDragging(null);
              }}
            >
              <div class="row spread">
                <span class="handle" aria-hidden="true">
                  ⠿
                </span>
                <strong class="grow">
                  {r + 1}. {label}
                </strong>
                <IconButton
                  label={`Move ${label} up`}
                  text="↑"
                  disabled={r === 0}
                  onClick={() => editSet((rules) => move(rules, r, r - 1))}
                />
                <IconButton
                  label={`Move ${label} down`}
                  text="↓"
                  disabled={r === set.rules.length - 1}
                  onClick={() => editSet((rules) => move(rules, r, r + 1))}
                />
                <IconButton
                  label={`Delete ${label}`}
                  text="Delete"
                  danger
                  onClick={() => editSet((rules) => void rules.splice(r, 1))}
                />
              </div>
              <Issues issues={issues} base={[...base, "rules", r]} doc={state.doc} />
              <div class="grid">
                <TextField
                  label="Name"
                  value={rule.name}
                  onChange={(v) => editSet((rules) => void (rules[r]!.name = v || undefined))}
                />
                <TextField
                  label="Id"
                  value={rule.id}
                  onChange={(v) => editSet((rules) => void (rules[r]!.id = v))}
                />
              </div>
              <h3>When</h3>
              <ConditionBuilder
                label={`Rule ${label}`}
                value={rule.when}
                lists={lists}
                onChange={(when) => editSet((rules) => void (rules[r]!.when = when))}
              />
              <h3>Then</h3>
              <DestinationPicker
                label={`Rule ${label} destination`}
                value={rule.then}
                teams={named(doc.teams)}
                reps={named(doc.reps)}
                onChange={(then) => editSet((rules) => void (rules[r]!.then = then))}
              />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() =>
          editSet((rules) =>
            rules.push({
              id: `rule-${rules.length + 1}`,
              name: `New rule ${rules.length + 1}`,
              when: { all: [{ fact: "country", op: "eq", value: "US" }] },
              then: { type: "team", teamId: doc.teams[0]?.id ?? "" },
            }),
          )
        }
      >
        + Add rule
      </button>
      <div class="item fallback">
        <h3>Otherwise (fallback)</h3>
        <Issues
          issues={issuesAt(state.issues, [...base, "fallback"])}
          base={[...base, "fallback"]}
          doc={state.doc}
        />
        <DestinationPicker
          label="Fallback destination"
          value={set.fallback}
          teams={named(doc.teams)}
          reps={named(doc.reps)}
          onChange={(fallback) => actions.update((d) => void (d.ruleSets[s]!.fallback = fallback))}
        />
      </div>
    </section>
  );
}
