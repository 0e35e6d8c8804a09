/**
 * Attach mode: Baton listens to a form the page already has and sends its answers as a lead,
 * while the page's own submission still happens. `data-baton-attach` says which form:
 * - a CSS selector (`#contact`): a plain `<form>`;
 * - `hubspot` or `hubspot:<formId>`: HubSpot embeds, through the legacy `hsFormCallback`
 *   messages and the newer `hs-form-event:on-submission:success` window events;
 * - `marketo` or `marketo:<formId>`: `MktoForms2.whenReady` and `form.onSuccess`.
 *
 * Each source calls `lead(values, release)`. `release` lets a held page navigation go on (a
 * plain form's native submit, Marketo's follow-up page); the caller runs it once the booking
 * dialog closes, or at once when there is nothing to book or Baton failed.
 */
import { warn } from "./api";

/** Answers by the host form's own field names. */
export type HostValues = Record<string, unknown>;
/** Takes a lead; false means it was refused (one is already in flight), so nothing is held. */
export type Lead = (values: HostValues, release?: () => void) => boolean;

// HubSpot's standard contact properties that do not snake_case into Baton's usual names.
const ALIASES: Record<string, string> = { firstname: "first_name", lastname: "last_name" };

/**
 * Host field names to Baton's: the marketer's `data-baton-map` first, then a known alias,
 * then snake_case (Marketo's `FirstName` → `first_name`). HubSpot's newer forms prefix the
 * object type (`0-1/email`). Baton ignores names its form does not define, and names over 64
 * characters would fail the whole submission, so they are left out here.
 */
export function mapFields(values: HostValues, map: Record<string, string>): HostValues {
  const out: HostValues = {};
  for (const [name, value] of Object.entries(values)) {
    const bare = name.slice(name.lastIndexOf("/") + 1);
    const key =
      map[name] ??
      map[bare] ??
      ALIASES[bare.toLowerCase()] ??
      bare.replace(/([a-z\d])([A-Z])/g, "$1_$2").toLowerCase();
    if (key.length <= 64) out[key] = value;
  }
  return out;
}

const pairs = (list: unknown): HostValues =>
  Array.isArray(list) ? Object.fromEntries(list.map((f) => [f?.name, f?.value])) : {};

/** A form's answers; `data-baton-field` renames an input, and passwords never leave the page. */
function formValues(form: HTMLFormElement): HostValues {
  const values: HostValues = {};
  const names: Record<string, string> = {};
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    if (el.type === "password") names[el.name] = "";
    else if (el.dataset.batonField) names[el.name] = el.dataset.batonField;
  }
  for (const [name, value] of new FormData(form)) {
    const key = names[name] ?? name;
    if (!key || typeof value !== "string") continue;
    const prev = values[key];
    // Repeated names are how HTML sends several checked boxes.
    values[key] = prev === undefined ? value : [prev, value].flat();
  }
  return values;
}

/**
 * The page's handlers run between our two listeners: capture (first) sends the lead, bubble
 * (last) sees whether the page cancelled the submission itself (an AJAX form). If it did not,
 * the browser is about to leave the page, so Baton holds that navigation and `release`
 * replays it with `submit()`, which neither fires `submit` again nor runs the handlers twice.
 */
function attachForm(selector: string, lead: Lead, hold: boolean): void {
  let pending: { event: Event; hold: () => void } | null = null;
  addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.matches(selector)) return;
      const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
      let held = false;
      const release = () => {
        if (!held) return;
        held = false;
        // submit() leaves out the clicked button's name=value; put it back.
        if (submitter?.name) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = submitter.name;
          input.value = submitter.value;
          form.append(input);
        }
        HTMLFormElement.prototype.submit.call(form);
      };
      if (lead(formValues(form), release)) pending = { event, hold: () => (held = true) };
    },
    true,
  );
  addEventListener("submit", (event) => {
    if (hold && pending?.event === event && !event.defaultPrevented) {
      event.preventDefault();
      pending.hold();
    }
    pending = null;
  });
}

/**
 * Where HubSpot serves form iframes: `forms.hsforms.com`, and `forms-<region>.hsforms.com`
 * (e.g. `forms-eu1`) for accounts in a regional data centre. `hsforms.com` is HubSpot's.
 */
const HUBSPOT = /^https:\/\/forms(-\w+)?\.hsforms\.com$/;

/** HubSpot owns its submission and redirect, so nothing is held here. */
function attachHubSpot(id: string | undefined, lead: Lead): void {
  const submitted: Record<string, HostValues> = {};
  // Legacy embeds post `{ type: "hsFormCallback", eventName, id, data }` to the window;
  // `onFormSubmit` carries `[{ name, value }]`, `onFormSubmitted` may carry `submissionValues`.
  // Any frame on the page can post a look-alike, so only messages the page posts to itself
  // (the embed script runs in the page) or that come from HubSpot's forms origin count.
  addEventListener("message", ({ data: m, source, origin }) => {
    if (source !== window && !HUBSPOT.test(origin)) return;
    if (m?.type !== "hsFormCallback" || (id && m.id !== id)) return;
    if (m.eventName === "onFormSubmit") submitted[m.id] = pairs(m.data);
    else if (m.eventName === "onFormSubmitted") lead(m.data?.submissionValues ?? submitted[m.id] ?? {});
  });
  // Forms from HubSpot's newer editor: the values come from the form the event names.
  addEventListener("hs-form-event:on-submission:success", async (event) => {
    try {
      if (id && (event as CustomEvent).detail?.formId !== id) return;
      const form = (window as any).HubSpotFormsV4?.getFormFromEvent(event);
      lead(pairs(await form?.getFormFieldValues()));
    } catch (err) {
      warn("could not read the HubSpot form", err);
    }
  });
}

/** Marketo's script may load after ours, so wait for it (up to 30 s). */
function attachMarketo(id: string | undefined, lead: Lead, hold: boolean): void {
  let tries = 0;
  const timer = setInterval(() => {
    const mkto = (window as any).MktoForms2;
    if (!mkto && ++tries < 150) return;
    clearInterval(timer);
    mkto?.whenReady((form: any) => {
      if (id && String(form.getId()) !== id) return;
      form.onSuccess((values: HostValues, followUpUrl?: string) => {
        let held = false;
        const taken = lead(values, () => {
          if (held && followUpUrl) location.assign(followUpUrl);
        });
        // false keeps Marketo from leaving for the follow-up page; Baton goes there later.
        if (taken && hold) {
          held = true;
          return false;
        }
        return undefined;
      });
    });
  }, 200);
}

/** Starts listening as `spec` (the `data-baton-attach` value) says. */
export function attach(spec: string, lead: Lead, hold: boolean): void {
  const known = /^(hubspot|marketo)(?::(.+))?$/.exec(spec);
  if (known?.[1] === "hubspot") attachHubSpot(known[2], lead);
  else if (known) attachMarketo(known[2], lead, hold);
  else {
    document.querySelector(spec); // throws here, once, when the selector is invalid
    attachForm(spec, lead, hold);
  }
}
