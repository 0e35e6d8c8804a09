import { h } from "preact";
import { t } from "./i18n";
import { useEffect, useState } from "preact/hooks";
import { BatonRequestError, warn, type BatonApi } from "./api";
import { BatonForm } from "./Form";
import { FONT_PATTERN, HEX_COLOR_PATTERN } from "../../worker/core/config-doc/patterns";
import type { Emit, FieldValue, FormTheme, PublicForm } from "./types";

/** How `Baton.open()` reaches a mounted widget: it fills in answers. */
export type WidgetControl = { prefill?: (fields: Record<string, FieldValue>) => void };

type Props = {
  api: BatonApi;
  idPrefix: string;
  onReady: () => void;
  emit: Emit;
  control: WidgetControl;
  prefill?: Record<string, FieldValue>;
};

type State = { kind: "loading" } | { kind: "ready"; form: PublicForm } | { kind: "failed"; message: string };

/**
 * Theme values become CSS custom properties. The server validates them already; checking
 * again here means a misbehaving server still cannot inject arbitrary CSS.
 */
export function themeStyle(theme: FormTheme | null): Record<string, string> {
  const style: Record<string, string> = {};
  if (theme?.primaryColor && HEX_COLOR_PATTERN.test(theme.primaryColor))
    style["--baton-primary"] = theme.primaryColor;
  if (typeof theme?.radius === "number" && theme.radius >= 0 && theme.radius <= 48)
    style["--baton-radius"] = `${theme.radius}px`;
  if (theme?.font && FONT_PATTERN.test(theme.font)) style["--baton-font"] = theme.font;
  return style;
}

/** Loads the form definition, then renders it; any failure ends in a short, calm message. */
export function Widget({ api, idPrefix, onReady, emit, control, prefill: initial }: Props) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [prefill, setPrefill] = useState(initial);
  control.prefill = (fields) => setPrefill({ ...fields });

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const form = await api.loadForm();
        if (!Array.isArray(form?.fields)) throw new Error("malformed form");
        if (live) setState({ kind: "ready", form });
      } catch (err) {
        warn("the form failed to load:", err);
        const gone = err instanceof BatonRequestError && err.status === 404;
        if (live) setState({ kind: "failed", message: t(gone ? "formGone" : "formUnavailable") });
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (state.kind === "ready") onReady();
  }, [state.kind]);

  return (
    <div class="baton" style={state.kind === "ready" ? themeStyle(state.form.theme) : undefined}>
      {state.kind === "ready" ? (
        <BatonForm form={state.form} api={api} idPrefix={idPrefix} emit={emit} prefill={prefill} />
      ) : (
        <p class="note" role="status">
          {state.kind === "loading" ? t("loading") : state.message}
        </p>
      )}
    </div>
  );
}
