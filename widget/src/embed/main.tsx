/**
 * The embed: `<script src="https://<worker>/widget.js" data-baton-form="demo" async>`.
 * It mounts the form into a shadow root next to its own tag. Nothing here may throw into
 * the host page: every failure ends in a console warning and, where possible, a short note.
 */
import { Component, render, type ComponentChildren } from "preact";
import { batonApi } from "./api";
import css from "./widget.css?inline";
import { Widget } from "./Widget";

const VERSION = "0.1.0";
const FORM_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The whole public surface on `window`; kept tiny so that it can stay stable. */
export type BatonGlobal = { version: string };

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

function mount(script: HTMLScriptElement) {
  const formId = script.dataset.batonForm ?? "";
  const host = document.createElement("div");
  host.setAttribute("data-baton-host", formId);
  place(script, host);

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
  // The API lives where the script came from, whatever site embeds it.
  const base = new URL(script.src || location.href, location.href).origin;
  const onReady = () =>
    host.dispatchEvent(new CustomEvent("baton:ready", { bubbles: true, detail: { formId } }));
  render(
    <Guard>
      <Widget api={batonApi(base, formId)} idPrefix={`baton${++mounted}`} onReady={onReady} />
    </Guard>,
    root,
  );
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
        mount(script);
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
  window.Baton ??= { version: VERSION };
  start();
} catch (err) {
  console.warn("[baton] could not start", err);
}
