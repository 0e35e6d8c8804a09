/**
 * Edits a rule's `when` without JSON: groups ("all of", "any of", "none of") holding
 * conditions "fact operator value". "None of" is stored as `{ not: { any: [...] } }`.
 * Nesting stops where the schema's depth bound would be crossed.
 */
import type { Condition, LeafCondition } from "../../../worker/core/config-doc";
import { ACCOUNT_FACTS, DERIVED_FACTS } from "../../../worker/core/lead-facts/fact-names";
import { AddButton, IconButton } from "./fields";

/** The schema's MAX_CONDITION_DEPTH (a bare leaf has depth 1). */
const MAX_DEPTH = 8;
const MAX_CHILDREN = 100;

export const OPERATORS: [LeafCondition["op"], string][] = [
  ["eq", "is"],
  ["neq", "is not"],
  ["in", "is one of"],
  ["not_in", "is none of"],
  ["contains", "contains"],
  ["starts_with", "starts with"],
  ["ends_with", "ends with"],
  ["gt", "is more than"],
  ["gte", "is at least"],
  ["lt", "is less than"],
  ["lte", "is at most"],
  ["exists", "is present"],
  ["in_region", "is in region"],
  ["in_territory", "is in territory"],
];

/**
 * Facts every lead has, from the core's list (the one lint checks conditions against; a pure
 * module without imports, so nothing else comes into the bundle); form fields are added per
 * config, and the usual UTM parameters are offered as examples of `utm.*`.
 */
export const BASE_FACTS: readonly string[] = [
  ...DERIVED_FACTS,
  ...ACCOUNT_FACTS,
  ...["source", "medium", "campaign"].map((p) => `utm.${p}`),
];

type Mode = "all" | "any" | "none";
type Group = { mode: Mode; children: Condition[] };

function asGroup(c: Condition): Group | null {
  if ("all" in c) return { mode: "all", children: c.all };
  if ("any" in c) return { mode: "any", children: c.any };
  if ("not" in c) return { mode: "none", children: "any" in c.not ? c.not.any : [c.not] };
  return null;
}

function fromGroup(g: Group): Condition {
  if (g.mode === "all") return { all: g.children };
  if (g.mode === "any") return { any: g.children };
  return { not: { any: g.children } };
}

/** Levels a group takes: "none of" is a `not` around an `any`. */
const cost = (mode: Mode) => (mode === "none" ? 2 : 1);

export type Lists = {
  facts: string[];
  regions: { id: string; name: string }[];
  territories: { id: string; name: string }[];
};

type Props = { value: Condition; onChange: (c: Condition) => void; lists: Lists; label: string };

/** The root of a rule's condition; a bare condition is shown as an "all of" group of one. */
export function ConditionBuilder({ value, onChange, lists, label }: Props) {
  const group = asGroup(value) ?? { mode: "all" as const, children: [value] };
  return (
    <GroupEditor
      group={group}
      depth={1}
      onChange={(g) => onChange(fromGroup(g))}
      lists={lists}
      label={label}
    />
  );
}

function GroupEditor(p: {
  group: Group;
  depth: number;
  onChange: (g: Group) => void;
  onRemove?: () => void;
  lists: Lists;
  label: string;
}) {
  const { group, depth, lists } = p;
  const childDepth = depth + cost(group.mode);
  const set = (children: Condition[]) => p.onChange({ ...group, children });
  const canNest = childDepth + 1 <= MAX_DEPTH; // the new group needs a leaf inside it
  const full = group.children.length >= MAX_CHILDREN;
  const newLeaf: Condition = { fact: "country", op: "eq", value: "" };
  return (
    <fieldset class="cond-group">
      <legend class="sr-only">{p.label}</legend>
      <div class="row">
        <label>
          Match{" "}
          <select
            aria-label={`${p.label}: how conditions combine`}
            value={group.mode}
            onChange={(e) => p.onChange({ ...group, mode: e.currentTarget.value as Mode })}
          >
            <option value="all">all of</option>
            <option value="any">any of</option>
            <option value="none">none of</option>
          </select>
        </label>
        {group.mode === "all" && group.children.length === 0 && (
          <span class="muted">(no conditions: every lead matches)</span>
        )}
        {p.onRemove && (
          <IconButton label={`Remove ${p.label}`} text="Remove group" danger onClick={p.onRemove} />
        )}
      </div>
      <ol class="cond-list">
        {group.children.map((child, i) => {
          const sub = asGroup(child);
          const replace = (c: Condition) => set(group.children.map((x, k) => (k === i ? c : x)));
          const remove = () => set(group.children.filter((_, k) => k !== i));
          const name = `${p.label}, condition ${i + 1}`;
          return (
            <li key={i}>
              {sub ? (
                <GroupEditor
                  group={sub}
                  depth={childDepth}
                  lists={lists}
                  label={name}
                  onChange={(g) => replace(fromGroup(g))}
                  onRemove={remove}
                />
              ) : (
                <LeafEditor
                  leaf={child as LeafCondition}
                  lists={lists}
                  label={name}
                  onChange={replace}
                  onRemove={remove}
                />
              )}
            </li>
          );
        })}
      </ol>
      <div class="row">
        <AddButton text="Condition" disabled={full} onClick={() => set([...group.children, newLeaf])} />
        <AddButton
          text="Group"
          disabled={full || !canNest}
          title={canNest ? undefined : `Conditions nest at most ${MAX_DEPTH} levels deep`}
          onClick={() => set([...group.children, { any: [newLeaf] }])}
        />
      </div>
    </fieldset>
  );
}

function parseScalar(raw: string): string | number | boolean {
  if (raw === "true" || raw === "false") return raw === "true";
  return raw;
}

function LeafEditor(p: {
  leaf: LeafCondition;
  onChange: (c: Condition) => void;
  onRemove: () => void;
  lists: Lists;
  label: string;
}) {
  const { leaf, lists } = p;
  const value = "value" in leaf ? leaf.value : undefined;
  const setOp = (op: LeafCondition["op"]) => {
    const text = Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
    const next = (v: unknown) => p.onChange({ fact: leaf.fact, op, value: v } as LeafCondition);
    if (op === "exists") p.onChange({ fact: leaf.fact, op });
    else if (op === "in" || op === "not_in") next(text ? text.split(",").map((s) => s.trim()) : [""]);
    else if (op === "gt" || op === "gte" || op === "lt" || op === "lte") next(Number(text) || 0);
    else if (op === "in_region") next(lists.regions[0]?.id ?? "");
    else if (op === "in_territory") next(lists.territories[0]?.id ?? "");
    else next(parseScalar(text));
  };
  const setValue = (v: unknown) => p.onChange({ ...leaf, value: v } as LeafCondition);
  return (
    <div class="cond-leaf row">
      <input
        aria-label={`${p.label}: fact`}
        list="baton-facts"
        value={leaf.fact}
        onChange={(e) => p.onChange({ ...leaf, fact: e.currentTarget.value.trim() })}
      />
      <select
        aria-label={`${p.label}: operator`}
        value={leaf.op}
        onChange={(e) => setOp(e.currentTarget.value as LeafCondition["op"])}
      >
        {OPERATORS.map(([op, text]) => (
          <option key={op} value={op}>
            {text}
          </option>
        ))}
      </select>
      {leaf.op === "in_region" || leaf.op === "in_territory" ? (
        <select
          aria-label={`${p.label}: value`}
          value={String(value)}
          onChange={(e) => setValue(e.currentTarget.value)}
        >
          {(leaf.op === "in_region" ? lists.regions : lists.territories).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      ) : leaf.op === "exists" ? null : leaf.op === "in" || leaf.op === "not_in" ? (
        <input
          aria-label={`${p.label}: values, comma separated`}
          value={(leaf.value as unknown[]).join(", ")}
          onChange={(e) =>
            setValue(
              e.currentTarget.value
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            )
          }
        />
      ) : ["gt", "gte", "lt", "lte"].includes(leaf.op) ? (
        <input
          aria-label={`${p.label}: value`}
          type="number"
          value={String(value)}
          onChange={(e) => setValue(Number(e.currentTarget.value))}
        />
      ) : (
        <input
          aria-label={`${p.label}: value`}
          value={String(value ?? "")}
          onChange={(e) => setValue(parseScalar(e.currentTarget.value))}
        />
      )}
      <IconButton label={`Remove ${p.label}`} text="✕" danger onClick={p.onRemove} />
    </div>
  );
}

/** The fact suggestions, rendered once per screen. */
export function FactList({ facts }: { facts: string[] }) {
  return (
    <datalist id="baton-facts">
      {facts.map((f) => (
        <option key={f} value={f} />
      ))}
    </datalist>
  );
}
