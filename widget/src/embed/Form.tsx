import { useRef, useState } from "preact/hooks";
import type { BatonApi } from "./api";
import { Field } from "./Field";
import { confirmationMessage, initialValues, submissionBody } from "./submission";
import type { FieldValue, PublicForm } from "./types";
import { fieldError, validate } from "./validate";

type Phase = { kind: "editing"; problem?: string } | { kind: "sending" } | { kind: "done"; message: string };

type Props = { form: PublicForm; api: BatonApi; idPrefix: string };

const UNAVAILABLE = "We couldn't submit right now. Please try again in a moment.";

/** The rendered form: validates on submit, then re-checks a field as the visitor fixes it. */
export function BatonForm({ form, api, idPrefix }: Props) {
  const [values, setValues] = useState<Record<string, FieldValue>>(() =>
    initialValues(form.fields, location.search),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const [honeypot, setHoneypot] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const fieldId = (name: string) => `${idPrefix}-${name}`;

  const onValue = (name: string, value: FieldValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    // Only clear or update an error already shown; a fresh field is not nagged while typing.
    if (errors[name]) {
      const field = form.fields.find((f) => f.name === name)!;
      setErrors((e) => {
        const { [name]: _, ...rest } = e;
        const error = fieldError(field, value);
        return error ? { ...rest, [name]: error } : rest;
      });
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (phase.kind === "sending") return;
    const found = validate(form.fields, values);
    setErrors(found);
    const invalid = form.fields.filter((f) => found[f.name]);
    if (invalid.length) {
      const count = invalid.length === 1 ? "1 field needs" : `${invalid.length} fields need`;
      setPhase({ kind: "editing", problem: `${count} your attention.` });
      formRef.current?.querySelector<HTMLElement>(`#${fieldId(invalid[0]!.name)}`)?.focus();
      return;
    }
    setPhase({ kind: "sending" });
    const hp = form.honeypotField ? { name: form.honeypotField, value: honeypot } : null;
    const body = submissionBody(form.fields, values, hp, {
      pageUrl: location.href,
      referrer: document.referrer,
    });
    try {
      const result = await api.submit(body);
      setPhase({ kind: "done", message: confirmationMessage(form.noSlotMessage, values, result) });
    } catch {
      setPhase({ kind: "editing", problem: UNAVAILABLE });
    }
  };

  if (phase.kind === "done") {
    return (
      <div class="done" role="status">
        <p class="title">Thank you!</p>
        <p>{phase.message}</p>
      </div>
    );
  }

  const titleId = `${idPrefix}-title`;
  return (
    <form ref={formRef} noValidate aria-labelledby={titleId} onSubmit={onSubmit}>
      <p class="title" id={titleId}>
        {form.name}
      </p>
      <div class="grid">
        {form.fields
          .filter((f) => f.type !== "hidden")
          .map((f) => (
            <Field
              key={f.name}
              field={f}
              id={fieldId(f.name)}
              value={values[f.name]}
              error={errors[f.name]}
              onValue={onValue}
            />
          ))}
      </div>
      {form.honeypotField && (
        // Off-screen rather than display:none, which some bots detect and skip.
        <div class="hp" aria-hidden="true">
          <label for={fieldId("hp")}>Leave this field empty</label>
          <input
            id={fieldId("hp")}
            name={form.honeypotField}
            type="text"
            tabIndex={-1}
            autoComplete="off"
            value={honeypot}
            onInput={(e) => setHoneypot(e.currentTarget.value)}
          />
        </div>
      )}
      <p class="problem" role="alert">
        {phase.kind === "editing" ? phase.problem : ""}
      </p>
      <button type="submit" disabled={phase.kind === "sending"}>
        {phase.kind === "sending" ? "Sending…" : "Submit"}
      </button>
    </form>
  );
}
