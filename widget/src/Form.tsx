import { h } from "preact";
import { t } from "./i18n";
import { useEffect, useRef, useState } from "preact/hooks";
import { BatonRequestError, type BatonApi } from "./api";
import { Field } from "./Field";
import { Scheduler } from "./Scheduler";
import { initialValues, serverErrors, submissionBody } from "./submission";
import type { BookingCreated, Emit, FieldValue, PublicForm, SubmissionResponse } from "./types";
import { fieldError, validate } from "./validate";

type Routed = SubmissionResponse & { assignment: { repName: string } };

type Phase =
  | { kind: "editing"; problem?: string }
  | { kind: "sending" }
  /** Routed with slots: the picker is open, or closed and one click away. */
  | { kind: "routed"; result: Routed; open: boolean }
  | { kind: "done"; title: string; message: string };

type Props = {
  form: PublicForm;
  api: BatonApi;
  idPrefix: string;
  emit: Emit;
  /** Answers set by `Baton.open({ fields })`; they win over query-string defaults. */
  prefill?: Record<string, FieldValue>;
};

const idempotencyKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** The rendered form: validates on submit, then re-checks a field as the visitor fixes it. */
export function BatonForm({ form, api, idPrefix, emit, prefill }: Props) {
  const [values, setValues] = useState<Record<string, FieldValue>>(() => ({
    ...initialValues(form.fields, location.search),
    ...prefill,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const [honeypot, setHoneypot] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  // Where focus goes back to when the dialog closes.
  const [restore, setRestore] = useState<"submit" | "done" | null>(null);

  useEffect(() => {
    if (prefill) setValues((v) => ({ ...v, ...prefill }));
  }, [prefill]);

  useEffect(() => {
    if (restore === "submit") submitRef.current?.focus();
    if (restore === "done") doneRef.current?.focus();
    setRestore(null);
  }, [restore]);
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

  /** Says how many fields need fixing and focuses the first; false when none do. */
  const needAttention = (names: string[]) => {
    if (!names.length) return false;
    const count = names.length;
    setPhase({ kind: "editing", problem: t(count === 1 ? "attentionOne" : "attentionMany", { count }) });
    formRef.current?.querySelector<HTMLElement>(`#${fieldId(names[0]!)}`)?.focus();
    return true;
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (phase.kind === "sending") return;
    if (phase.kind === "routed") {
      setPhase({ ...phase, open: true });
      return;
    }
    const found = validate(form.fields, values);
    setErrors(found);
    if (needAttention(form.fields.filter((f) => found[f.name]).map((f) => f.name))) return;
    setPhase({ kind: "sending" });
    const hp = form.honeypotField ? { name: form.honeypotField, value: honeypot } : null;
    const body = submissionBody(form.fields, values, hp, {
      pageUrl: location.href,
      referrer: document.referrer,
    });
    let result: SubmissionResponse;
    try {
      result = await api.submit(body, idempotencyKey());
    } catch (err) {
      const byField = err instanceof BatonRequestError ? serverErrors(err, form.fields) : {};
      setErrors(byField);
      if (!needAttention(Object.keys(byField))) {
        const offline = err instanceof BatonRequestError && err.status === 0;
        setPhase({ kind: "editing", problem: t(offline ? "unreachable" : "submitFailed") });
      }
      return;
    }
    const repName = result.assignment?.repName;
    emit("routed", { leadId: result.leadId, repName: repName ?? null });
    if (result.assignment && Array.isArray(result.slots) && result.slots.length) {
      setPhase({ kind: "routed", result: result as Routed, open: true });
    } else {
      // The server fills the form's no-slot message (the rep's name included) into `message`.
      setPhase({ kind: "done", title: t("thanks"), message: result.message || t("gotIt") });
    }
  };

  const onClose = (booking: BookingCreated | null, when = "") => {
    if (phase.kind !== "routed") return;
    emit("closed", { leadId: phase.result.leadId, booked: !!booking });
    if (booking) {
      setPhase({
        kind: "done",
        title: t("bookedTitle"),
        message: t("seeYou", { rep: phase.result.assignment.repName, when }),
      });
      setRestore("done");
    } else {
      setPhase({ ...phase, open: false });
      setRestore("submit");
    }
  };

  if (phase.kind === "done") {
    return (
      <div class="done" role="status" tabIndex={-1} ref={doneRef}>
        <p class="title">{phase.title}</p>
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
          <label for={fieldId("hp")}>{t("honeypot")}</label>
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
      <button type="submit" ref={submitRef} disabled={phase.kind === "sending"}>
        {t(phase.kind === "sending" ? "sending" : phase.kind === "routed" ? "chooseTime" : "submit")}
      </button>
      {phase.kind === "routed" && phase.open && (
        <Scheduler api={api} result={phase.result} idPrefix={idPrefix} emit={emit} onClose={onClose} />
      )}
    </form>
  );
}
