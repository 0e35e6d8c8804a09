import type { Form } from "../config-doc";

/** One answer as a rep reads it: the field's label and the visitor's value as text. */
export type RepAnswer = { label: string; value: string };

/** Long answers are cut here; a notice is not the place for an essay (Slack caps a field at 2,000). */
export const MAX_ANSWER_CHARS = 500;

/**
 * The answers a form's admin chose to show the rep (`repAnswers`), in that order, as text.
 * Choices show their labels, booleans Yes/No, lists joined; empty answers are left out.
 */
export function repAnswers(
  form: Pick<Form, "fields" | "repAnswers"> | undefined,
  values: Readonly<Record<string, unknown>>,
): RepAnswer[] {
  if (!form?.repAnswers?.length) return [];
  const out: RepAnswer[] = [];
  for (const name of form.repAnswers) {
    const field = form.fields.find((f) => f.name === name);
    if (!field) continue;
    const label = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
    const raw = values[name];
    let text: string;
    if (Array.isArray(raw)) text = raw.map(label).join(", ");
    else if (typeof raw === "boolean") text = raw ? "Yes" : "No";
    else if (typeof raw === "string" || typeof raw === "number") text = label(raw);
    else continue;
    text = text.trim();
    if (text) out.push({ label: field.label, value: text.slice(0, MAX_ANSWER_CHARS) });
  }
  return out;
}
