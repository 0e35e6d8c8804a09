import { useState } from "preact/hooks";
import type { Form, FormField } from "../../../worker/core/config-doc";
import { DataTable } from "../components/DataTable";
import { AddButton, IconButton, SelectField, TextField, Toggle } from "../components/fields";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";
import { issuesAt } from "./store";

/**
 * Every field type, named for an admin. A Record over the core's type rather than a copy of
 * the schema's list: a type added to the schema fails the widget's typecheck until it is named
 * here, and importing the list from worker/core/config-doc/forms.ts would pull zod into the
 * dashboard (+91 kB raw, +26 kB gzip, measured with `npm run build`).
 */
const TYPES: Record<FormField["type"], string> = {
  text: "Short text",
  textarea: "Long text",
  email: "Email",
  tel: "Phone",
  number: "Number",
  url: "Web address",
  select: "Drop-down (one choice)",
  multiselect: "Several choices",
  checkbox: "Checkbox",
  country: "Country",
  hidden: "Hidden",
};
const FIELD_COLUMNS = [
  "Name",
  "Label",
  "Type",
  "Required",
  "Shown to the rep",
  "Choices (value=Label per line)",
  { hidden: "Actions" },
];

/** The one tag a marketer pastes; the origin is wherever this dashboard is served from. */
export function embedSnippet(origin: string, formId: string): string {
  return `<script src="${origin}/widget.js" data-baton-form="${formId}" async></script>`;
}

function Snippet({ formId }: { formId: string }) {
  const [copied, setCopied] = useState(false);
  const snippet = embedSnippet(location.origin, formId);
  return (
    <div class="snippet">
      <label>
        Embed code
        <textarea
          readOnly
          rows={2}
          value={snippet}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="embed-snippet"
        />
      </label>
      <button
        type="button"
        class="small secondary"
        onClick={() =>
          void navigator.clipboard?.writeText(snippet).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

const newField = (f: Form): FormField => ({
  name: `field${f.fields.length + 1}`,
  type: "text",
  label: "New field",
  required: false,
});

/** `value=Label` per line ↔ options. */
const optionsText = (f: FormField) =>
  (f.options ?? []).map((o) => (o.value === o.label ? o.value : `${o.value}=${o.label}`)).join("\n");
function parseOptions(text: string): FormField["options"] {
  const options = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, ...rest] = l.split("=");
      return { value: value!.trim(), label: rest.join("=").trim() || value!.trim() };
    });
  return options.length ? options : undefined;
}

export function FormsTab({ state, actions }: TabProps) {
  const doc = state.doc;
  return (
    <section class="card">
      <h2>Forms ({doc.forms.length})</h2>
      {doc.forms.map((form, i) => {
        const edit = (fn: (f: Form) => void) => actions.update((d) => fn(d.forms[i]!));
        const issues = issuesAt(state.issues, ["forms", i]);
        return (
          <details
            key={i}
            class={`item${issues.length ? " has-issues" : ""}`}
            data-form={form.id}
            open={issues.length > 0 || doc.forms.length === 1}
          >
            <summary>
              <strong>{form.name}</strong> <code class="muted">{form.id}</code>
            </summary>
            <Issues issues={issues} base={["forms", i]} doc={state.doc} />
            <Snippet formId={form.id} />
            <div class="grid">
              <TextField label="Heading" value={form.name} onChange={(v) => edit((f) => void (f.name = v))} />
              <SelectField
                label="Routed by rule set"
                value={form.ruleSetId}
                options={doc.ruleSets.map((r): [string, string] => [r.id, r.name ?? r.id])}
                onChange={(v) => edit((f) => void (f.ruleSetId = v))}
              />
            </div>
            <h3>Fields</h3>
            <DataTable columns={FIELD_COLUMNS} compact wrap={false}>
              {form.fields.map((field, k) => {
                const set = (fn: (x: FormField) => void) => edit((f) => fn(f.fields[k]!));
                return (
                  <tr key={k}>
                    <td>
                      <input
                        aria-label={`Field ${k + 1} name`}
                        value={field.name}
                        onChange={(e) => set((x) => void (x.name = e.currentTarget.value))}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Field ${k + 1} label`}
                        value={field.label}
                        onChange={(e) => set((x) => void (x.label = e.currentTarget.value))}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={`Field ${k + 1} type`}
                        value={field.type}
                        onChange={(e) =>
                          set((x) => void (x.type = e.currentTarget.value as FormField["type"]))
                        }
                      >
                        {Object.entries(TYPES).map(([type, label]) => (
                          <option key={type} value={type}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Field ${k + 1} required`}
                        checked={field.required}
                        onChange={(e) => set((x) => void (x.required = e.currentTarget.checked))}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Field ${k + 1} shown to the rep`}
                        title="The rep sees this answer in Slack, Teams and email notices, the invite and webhooks"
                        checked={(form.repAnswers ?? []).includes(field.name)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          edit((f) => {
                            const rest = (f.repAnswers ?? []).filter((n) => n !== field.name);
                            f.repAnswers = on ? [...rest, field.name] : rest;
                          });
                        }}
                      />
                    </td>
                    <td>
                      {(field.type === "select" || field.type === "multiselect" || field.options) && (
                        <textarea
                          aria-label={`Field ${k + 1} choices`}
                          rows={3}
                          value={optionsText(field)}
                          onChange={(e) => set((x) => void (x.options = parseOptions(e.currentTarget.value)))}
                        />
                      )}
                    </td>
                    <td>
                      <IconButton
                        label={`Move field ${k + 1} up`}
                        text="↑"
                        disabled={k === 0}
                        onClick={() => edit((f) => void f.fields.splice(k - 1, 0, ...f.fields.splice(k, 1)))}
                      />
                      <IconButton
                        label={`Remove field ${k + 1}`}
                        text="✕"
                        danger
                        onClick={() => edit((f) => void f.fields.splice(k, 1))}
                      />
                    </td>
                  </tr>
                );
              })}
            </DataTable>
            <AddButton text="Field" onClick={() => edit((f) => void f.fields.push(newField(f)))} />
            <h3>Where it may be embedded</h3>
            <label>
              Allowed sites (one origin per line, e.g. https://www.example.com; empty = this Baton's own page
              only)
              <textarea
                rows={3}
                value={form.allowedOrigins.join("\n")}
                onChange={(e) =>
                  edit(
                    (f) =>
                      void (f.allowedOrigins = e.currentTarget.value
                        .split("\n")
                        .map((l) => l.trim())
                        .filter(Boolean)),
                  )
                }
              />
            </label>
            <Toggle
              label="Require Cloudflare Turnstile (bot check)"
              checked={form.turnstile.enabled}
              onChange={(v) => edit((f) => void (f.turnstile = { ...f.turnstile, enabled: v }))}
            />
            {form.turnstile.enabled && (
              <TextField
                label="Turnstile site key"
                value={form.turnstile.siteKey}
                onChange={(v) => edit((f) => void (f.turnstile = { enabled: true, siteKey: v || undefined }))}
              />
            )}
          </details>
        );
      })}
    </section>
  );
}
