/**
 * The embed: `<script src="https://<worker>/widget.js" data-baton-form="demo" async>`.
 * It mounts the form into a shadow root next to its own tag. Nothing here may throw into
 * the host page: every failure ends in a console warning and, where possible, a short note.
 */
import { t } from "./i18n";
import { Component, h, render, type ComponentChildren } from "preact";
import { ID_PATTERN } from "../../worker/core/config-doc/patterns";
import { batonApi, warn } from "./api";
import { attach, mapFields, type Lead } from "./attach";
import { Scheduler } from "./Scheduler";
import css from "./widget.css?inline";
import type { Emit, FieldValue, FormTheme } from "./types";
import { themeStyle, Widget, type WidgetControl } from "./Widget";

const VERSION = "0.2.0";

/** `Baton.open()`'s options: which form, and answers to fill in. */
export type OpenOptions = { form: string; fields?: Record<string, unknown> };

/** The whole public surface on `window`; kept tiny so that it can stay stable. */
export type BatonGlobal = { version: string; open: (options: OpenOptions) => void };

declare global {
  interface Window {
    Baton?: BatonGlobal;
  }
}

/**
 * Turns a rendering bug into the same calm note as a network failure; `onError` lets attach
 * mode close its dialog instead, so that the page's held submission still goes on.
 */
class Guard extends Component<{ children: ComponentChildren; onError?: () => void }, { broken: boolean }> {
  override componentDidCatch(err: unknown) {
    this.setState({ broken: true });
    warn("the form failed to render", err);
    this.props.onError?.();
  }
  override render() {
    // No `state` field initialiser (see BatonRequestError): Preact starts state as {}.
    return this.state.broken ? <p class="baton note">{t("formUnavailable")}</p> : this.props.children;
  }
}

let mounted = 0;
/** Mounted widgets by form id, so `Baton.open()` can reach one. */
const widgets = new Map<string, { host: HTMLElement; control: WidgetControl }>();

function place(script: HTMLScriptElement, host: HTMLElement) {
  const selector = script.dataset.batonTarget;
  let target: Element | null = null;
  try {
    target = selector ? document.querySelector(selector) : null;
  } catch {
    warn(`data-baton-target "${selector}" is not a valid selector`);
  }
  if (target) target.appendChild(host);
  else if (script.parentElement && script.parentElement !== document.head) script.after(host);
  else document.body.appendChild(host);
}

/** Events go to the host element (for a listener on the embed) and to window (for analytics). */
const emitter =
  (host: HTMLElement, formId: string): Emit =>
  (name, detail) => {
    for (const target of [host, window])
      target.dispatchEvent(new CustomEvent(`baton:${name}`, { detail: { formId, ...detail } }));
  };

/** The widget's own shadow root in `host`, with its styles; returns where to render. */
function shadowRoot(host: HTMLElement, formId: string): HTMLElement {
  host.setAttribute("data-baton-host", formId);
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = css;
  const root = document.createElement("div");
  shadow.append(style, root);
  return root;
}

function mount(
  formId: string,
  host: HTMLElement,
  base: string,
  prefill?: Record<string, FieldValue>,
  lang?: string,
) {
  const root = shadowRoot(host, formId);

  if (!ID_PATTERN.test(formId)) {
    warn(`data-baton-form="${formId}" is not a form id`);
    render(<p class="baton note">{t("formBroken")}</p>, root);
    return;
  }
  const control: WidgetControl = {};
  widgets.set(formId, { host, control });
  const onReady = () =>
    host.dispatchEvent(new CustomEvent("baton:ready", { bubbles: true, detail: { formId } }));
  render(
    <Guard>
      <Widget
        api={batonApi(base, formId, lang)}
        idPrefix={`baton${++mounted}`}
        onReady={onReady}
        emit={emitter(host, formId)}
        control={control}
        prefill={prefill}
      />
    </Guard>,
    root,
  );
}

// The API lives where the script came from, whatever site embeds it.
const baseOf = (script?: HTMLScriptElement | null) =>
  new URL(script?.src || location.href, location.href).origin;

function mountScript(script: HTMLScriptElement) {
  const host = document.createElement("div");
  place(script, host);
  mount(script.dataset.batonForm ?? "", host, baseOf(script), undefined, script.dataset.batonLang);
}

/**
 * Attach mode (see attach.ts): the page keeps its form; each lead it submits goes to Baton,
 * and a routed lead with slots gets the booking dialog (with none, the form's no-slot message
 * in the same dialog). One lead at a time, so a double submit sends nothing twice.
 */
function mountAttach(script: HTMLScriptElement) {
  const formId = script.dataset.batonForm ?? "";
  if (!ID_PATTERN.test(formId)) return warn(`data-baton-form="${formId}" is not a form id`);
  const api = batonApi(baseOf(script), formId, script.dataset.batonLang);
  let map: Record<string, string> = {};
  try {
    map = JSON.parse(script.dataset.batonMap || "{}");
  } catch {
    warn("data-baton-map is not JSON");
  }
  // Only for the dialog's colours: never waited for, so a slow Baton delays nothing.
  let theme: FormTheme | null = null;
  api.loadForm().then(
    (form) => (theme = form.theme),
    () => {},
  );
  let host: HTMLElement | undefined;
  let root: HTMLElement;
  let busy = false;
  const lead: Lead = (values, release = () => {}) => {
    if (busy) return false;
    busy = true;
    const done = () => {
      busy = false;
      release();
    };
    const send = async () => {
      const fields = answers(mapFields(values, map));
      const result = await api.submitOnce({
        fields,
        context: { pageUrl: location.href, referrer: document.referrer },
      });
      if (!host) {
        host = document.createElement("div");
        document.body.append(host);
        root = shadowRoot(host, formId);
      }
      const emit = emitter(host, formId);
      emit("routed", { leadId: result.leadId, repName: result.assignment?.repName ?? null });
      // Nothing to book: the dialog shows the form's no-slot message, as the hosted form
      // does, unless the page says data-baton-message="false" (it thanks the visitor itself).
      const bookable = result.assignment && result.slots?.length;
      if (!bookable && (!result.message || script.dataset.batonMessage === "false")) return done();
      const back = document.activeElement as HTMLElement | null;
      const onClose = (booking: unknown) => {
        emit("closed", { leadId: result.leadId, booked: !!booking });
        render(null, root);
        back?.focus();
        done();
      };
      render(
        <Guard onError={() => onClose(null)}>
          <div class="baton attach" style={themeStyle(theme)}>
            <Scheduler
              api={api}
              result={result}
              idPrefix={`baton${++mounted}`}
              emit={emit}
              onClose={onClose}
            />
          </div>
        </Guard>,
        root,
      );
    };
    send().catch((err) => {
      warn("the lead could not be sent", err);
      done();
    });
    return true;
  };
  attach(script.dataset.batonAttach!, lead, script.dataset.batonHold !== "false");
}

/** Only text, booleans and lists of text are answers; anything else is dropped. */
function answers(fields: Record<string, unknown> = {}): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string" || typeof v === "boolean") out[k] = v;
    else if (typeof v === "number") out[k] = String(v);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

/**
 * Prefills and scrolls to the form's widget; mounts one at the end of the page when the
 * page has no tag for that form. Never throws into the caller.
 */
function open(options: OpenOptions) {
  try {
    const formId = String(options?.form ?? "");
    const fields = answers(options?.fields);
    const existing = widgets.get(formId);
    let host = existing?.host;
    if (host) existing!.control.prefill?.(fields);
    else {
      host = document.createElement("div");
      document.body.appendChild(host);
      mount(
        formId,
        host,
        baseOf(document.querySelector<HTMLScriptElement>("script[data-baton-form]")),
        fields,
      );
    }
    host.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    warn("open failed", err);
  }
}

function start() {
  // currentScript is set while a classic (also async) script runs; the query covers loaders
  // that evaluate the file some other way. The marker keeps a twice-included tag from
  // rendering two forms.
  const current = document.currentScript;
  const scripts =
    current instanceof HTMLScriptElement && current.hasAttribute("data-baton-form")
      ? [current]
      : Array.from(document.querySelectorAll<HTMLScriptElement>("script[data-baton-form]"));
  for (const script of scripts) {
    if (script.hasAttribute("data-baton-mounted")) continue;
    script.setAttribute("data-baton-mounted", "");
    const attached = script.dataset.batonAttach !== undefined;
    const run = () => {
      try {
        if (attached) mountAttach(script);
        else mountScript(script);
      } catch (err) {
        warn("could not start", err);
      }
    };
    // A target further down, or a tag in <head>, needs the document parsed first. Attach
    // mode listens on window, so it starts at once and catches even an early submit.
    const needsDom =
      !attached &&
      (script.dataset.batonTarget !== undefined || !document.body || script.parentElement === document.head);
    if (needsDom && document.readyState === "loading")
      document.addEventListener("DOMContentLoaded", run, { once: true });
    else run();
  }
}

try {
  window.Baton ??= { version: VERSION, open };
  start();
} catch (err) {
  warn("could not start", err);
}
