import { h } from "preact";
import { t } from "./i18n";
import { countryOptions } from "./countries";
import type { FieldValue, FormField } from "./types";

type FieldProps = {
  field: FormField;
  /** Unique within the shadow root; labels and error text hang off it. */
  id: string;
  value: FieldValue | undefined;
  error: string | undefined;
  onValue: (name: string, value: FieldValue) => void;
};

const INPUT_TYPES: Partial<Record<FormField["type"], "email" | "tel" | "url" | "text">> = {
  email: "email",
  tel: "tel",
  url: "url",
  number: "text",
};

const AUTOCOMPLETE: Record<string, string> = {
  first_name: "given-name",
  last_name: "family-name",
  email: "email",
  company: "organization",
  phone: "tel",
  country: "country",
};

function Label({ field, id }: { field: FormField; id: string }) {
  return (
    <label for={id} class={field.required ? "req" : undefined}>
      {field.label}
    </label>
  );
}

function Control({ field, id, value, error, onValue }: FieldProps) {
  const text = typeof value === "string" ? value : "";
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    "aria-required": field.required ? ("true" as const) : undefined,
    autoComplete: AUTOCOMPLETE[field.name],
    // Text typed in Arabic or Hebrew runs right to left in its box, Latin text left to right.
    dir: "auto" as const,
  };
  const onText = (e: Event) => onValue(field.name, (e.currentTarget as HTMLInputElement).value);

  if (field.type === "textarea") {
    return (
      <textarea
        {...common}
        rows={4}
        value={text}
        maxLength={field.maxLength}
        placeholder={field.placeholder}
        onInput={onText}
      />
    );
  }
  if (field.type === "select" || field.type === "country") {
    const options = field.options ?? countryOptions();
    return (
      <select {...common} value={text} onChange={onText}>
        <option value="">{field.placeholder ?? t("select")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      {...common}
      // Preact 11 narrows attributes per literal input type; each of these is valid on its own.
      type={(INPUT_TYPES[field.type] ?? "text") as "text"}
      inputMode={field.type === "number" ? "decimal" : undefined}
      value={text}
      maxLength={field.maxLength}
      placeholder={field.placeholder}
      onInput={onText}
    />
  );
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** Several choices as a group of checkboxes: easier to use than `<select multiple>`. */
function MultiChoice({ field, id, value, error, onValue }: FieldProps) {
  const chosen = Array.isArray(value) ? value : [];
  const toggle = (option: string, on: boolean) =>
    onValue(field.name, on ? [...chosen, option] : chosen.filter((v) => v !== option));
  return (
    <fieldset class="field wide" aria-describedby={error ? `${id}-error` : undefined}>
      <legend class={field.required ? "req" : undefined}>{field.label}</legend>
      {(field.options ?? []).map((o, i) => (
        <label class="check" key={o.value}>
          <input
            type="checkbox"
            id={i === 0 ? id : undefined}
            name={field.name}
            value={o.value}
            checked={chosen.includes(o.value)}
            aria-invalid={error ? "true" : undefined}
            onChange={(e) => toggle(o.value, e.currentTarget.checked)}
          />
          {o.label}
        </label>
      ))}
      <ErrorText id={id} error={error} />
    </fieldset>
  );
}

/** One labelled input with its error text, for any field type but `hidden`. */
export function Field(props: FieldProps) {
  const { field, id, value, error, onValue } = props;
  if (field.type === "multiselect") return <MultiChoice {...props} />;
  if (field.type === "checkbox") {
    return (
      <div class="field wide">
        <label class={field.required ? "check req" : "check"}>
          <input
            type="checkbox"
            id={id}
            name={field.name}
            checked={value === true}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            aria-required={field.required ? "true" : undefined}
            onChange={(e) => onValue(field.name, e.currentTarget.checked)}
          />
          {field.label}
        </label>
        <ErrorText id={id} error={error} />
      </div>
    );
  }
  return (
    <div class={field.type === "textarea" ? "field wide" : "field"}>
      <Label field={field} id={id} />
      <Control {...props} />
      <ErrorText id={id} error={error} />
    </div>
  );
}
