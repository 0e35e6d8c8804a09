/**
 * The embed: `<script src="https://<worker>/widget.js" data-baton-form="demo" async>`.
 * It mounts the form into a shadow root next to its own tag. Nothing here may throw into
 * the host page: every failure ends in a console warning and, where possible, a short note.
 */
import { Component, render, type ComponentChildren } from "preact";
import { batonApi } from "./api";
import css from "./widget.css?inline";
import type { Emit, FieldValue } from "./types";
import { Widget, type WidgetControl } from "./Widget";

const VERSION = "0.2.0";
const FORM_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `Baton.open()`'s options: which form, and answers to fill in. */
export type OpenOptions = { form: string; fields?: Record<string, unknown> };

/** The whole public surface on `window`; kept tiny so that it can stay stable. */
export type BatonGlobal = { version: string; open: (options: OpenOptions) => void };

declare global {
  interface Window {
    Baton?: BatonGlobal;
  }
}

/** Turns a rendering bug into the same calm note as a network failure. */
class Guard extends Component<{ children: ComponentChildren }, { broken: boolean }> {
  override state = { broken: false };
  static override getDerivedStateFromError() {
    return { broken: true };
  }
  override componentDidCatch(err: unknown) {
    console.warn("[baton] the form failed to render", err);
  }
  override render() {
    return this.state.broken ? (
      <p class="baton note">This form couldn't load right now. Please try again later.</p>
    ) : (
      this.props.children
    );
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
    console.warn(`[baton] data-baton-target "${selector}" is not a valid selector`);
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

function mount(formId: string, host: HTMLElement, base: string, prefill?: Record<string, FieldValue>) {
  host.setAttribute("data-baton-host", formId);
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = css;
  const root = document.createElement("div");
  shadow.append(style, root);

  if (!FORM_ID.test(formId)) {
    console.warn(`[baton] data-baton-form="${formId}" is not a form id`);
    render(<p class="baton note">This form isn't set up correctly.</p>, root);
    return;
  }
  const control: WidgetControl = {};
  widgets.set(formId, { host, control });
  const onReady = () =>
    host.dispatchEvent(new CustomEvent("baton:ready", { bubbles: true, detail: { formId } }));
  render(
    <Guard>
      <Widget
        api={batonApi(base, formId)}
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

function mountScript(script: HTMLScriptElement) {
  const host = document.createElement("div");
  place(script, host);
  // The API lives where the script came from, whatever site embeds it.
  const base = new URL(script.src || location.href, location.href).origin;
  mount(script.dataset.batonForm ?? "", host, base);
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
    if (existing) {
      existing.control.prefill?.(fields);
      existing.host.scrollIntoView({ behavior: "smooth", block: "start" });
      return;
    }
    const script = document.querySelector<HTMLScriptElement>("script[data-baton-form]");
    const base = new URL(script?.src || location.href, location.href).origin;
    const host = document.createElement("div");
    document.body.appendChild(host);
    mount(formId, host, base, fields);
    host.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    console.warn("[baton] open failed", err);
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
    const run = () => {
      try {
        mountScript(script);
      } catch (err) {
        console.warn("[baton] could not start", err);
      }
    };
    // A target further down, or a tag in <head>, needs the document parsed first.
    const needsDom =
      script.dataset.batonTarget !== undefined || !document.body || script.parentElement === document.head;
    if (needsDom && document.readyState === "loading")
      document.addEventListener("DOMContentLoaded", run, { once: true });
    else run();
  }
}

try {
  window.Baton ??= { version: VERSION, open };
  start();
} catch (err) {
  console.warn("[baton] could not start", err);
}
