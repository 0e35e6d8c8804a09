/** Small labelled inputs shared by the config tabs; every one is a real label + control pair. */
import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";

type Base = { label: string; hint?: string };

/**
 * Text being typed, kept until the field commits it on change (blur or Enter). A controlled
 * input would otherwise be reset to the saved value by any re-render in between, such as a
 * validation answer arriving, and the admin's typing would be lost without a trace.
 */
function useTyping(saved: string) {
  const [typing, setTyping] = useState<string | null>(null);
  return {
    value: typing ?? saved,
    onInput: (e: { currentTarget: HTMLInputElement }) => setTyping(e.currentTarget.value),
    done: () => setTyping(null),
  };
}

function Wrap({ id, label, hint, children }: Base & { id: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <small class="muted">{hint}</small>}
    </div>
  );
}

export function TextField(
  p: Base & {
    value: string | undefined;
    onChange: (v: string) => void;
    type?: "text" | "email" | "url" | "tel";
    list?: string;
    placeholder?: string;
  },
) {
  const id = useId();
  const typing = useTyping(p.value ?? "");
  return (
    <Wrap id={id} {...p}>
      <input
        id={id}
        type={p.type ?? "text"}
        list={p.list}
        placeholder={p.placeholder}
        value={typing.value}
        onInput={typing.onInput}
        onChange={(e) => {
          typing.done();
          p.onChange(e.currentTarget.value);
        }}
      />
    </Wrap>
  );
}

/** An optional number: clearing it gives undefined. */
export function NumberField(
  p: Base & {
    value: number | undefined;
    onChange: (v: number | undefined) => void;
    min?: number;
    max?: number;
    step?: number;
  },
) {
  const id = useId();
  const typing = useTyping(p.value === undefined ? "" : String(p.value));
  return (
    <Wrap id={id} {...p}>
      <input
        id={id}
        type="number"
        min={p.min}
        max={p.max}
        step={p.step ?? 1}
        value={typing.value}
        onInput={typing.onInput}
        onChange={(e) => {
          typing.done();
          const raw = e.currentTarget.value;
          p.onChange(raw === "" ? undefined : Number(raw));
        }}
      />
    </Wrap>
  );
}

export function SelectField<T extends string>(
  p: Base & {
    value: T | undefined;
    options: readonly (T | [T, string])[];
    onChange: (v: T) => void;
    empty?: string;
  },
) {
  const id = useId();
  return (
    <Wrap id={id} {...p}>
      <select id={id} value={p.value ?? ""} onChange={(e) => p.onChange(e.currentTarget.value as T)}>
        {p.empty !== undefined && <option value="">{p.empty}</option>}
        {p.options.map((o) => {
          const [value, text] = Array.isArray(o) ? o : [o, o];
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </Wrap>
  );
}

export function Toggle(p: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}) {
  return (
    <label class="toggle">
      <input type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.currentTarget.checked)} />{" "}
      {p.label}
      {p.hint && <small class="muted"> — {p.hint}</small>}
    </label>
  );
}

/** A list of short values typed as "a, b, c". */
export function TagsField(
  p: Base & { value: readonly string[] | undefined; onChange: (v: string[]) => void; upper?: boolean },
) {
  const id = useId();
  const typing = useTyping((p.value ?? []).join(", "));
  return (
    <Wrap id={id} {...p}>
      <input
        id={id}
        value={typing.value}
        onInput={typing.onInput}
        onChange={(e) => {
          typing.done();
          p.onChange(
            e.currentTarget.value
              .split(",")
              .map((s) => (p.upper ? s.trim().toUpperCase() : s.trim()))
              .filter(Boolean),
          );
        }}
      />
    </Wrap>
  );
}

/** Every IANA zone this browser knows, plus the current value if it is not among them ("UTC"). */
export function timeZones(current?: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const all = new Set(["UTC", ...zones]);
  if (current) all.add(current);
  return [...all].toSorted();
}

/** A small remove/move button with an accessible name that says what it acts on. */
export function IconButton(p: {
  label: string;
  text: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      class={p.danger ? "small danger" : "small secondary"}
      aria-label={p.label}
      title={p.label}
      disabled={p.disabled}
      onClick={p.onClick}
    >
      {p.text}
    </button>
  );
}

/** "+ Field", "+ Member", …: adds an item to the list above it. */
export function AddButton(p: { text: string; onClick: () => void; disabled?: boolean; title?: string }) {
  return (
    <button type="button" class="small secondary" disabled={p.disabled} title={p.title} onClick={p.onClick}>
      + {p.text}
    </button>
  );
}
