/**
 * The hosted booking page at the manage link, `/b/:bookingId?token=…`: the meeting in the
 * visitor's zone with the rep, fresh slots to move it to and a cancel form. Plain HTML forms
 * (POST, then a redirect to a GET), so it works with JavaScript off. A bad, expired or
 * foreign token, or a booking that does not exist, gets one calm page: never a 500, and
 * nothing that tells a guesser which of those it was.
 */
import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { firstPage, offeredSlots, type BookingDeps, type SlotsPage } from "../booking/availability";
import { cancelBooking } from "../booking/cancel";
import { loadLeadContext } from "../booking/context";
import { requestCalendars } from "../booking/event";
import { rescheduleBooking, withoutBooking } from "../booking/reschedule";
import { leadBookingUrl, requireManageToken } from "../booking/tokens";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import type { RoutingConfig } from "../core/config-doc";
import { longDateTime } from "../core/i18n/dates";
import { getBooking, type BookingRow } from "../booking/booking-queries";
import { database } from "../db/client";
import { getLead } from "../leads/lead-queries";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { avatar, brandingOf, layout, securePage } from "./layout";
import { googleCalendarRedirect, icsFile } from "./booking-calendar";
import { pageRequest, invalidLink, moreHref, readForm } from "./requests";
import { slotPicker, zoneOf, zoneSwitcher, type Translate } from "./views";

const REASON_MAX = 500;

type Loaded = {
  db: ReturnType<typeof database>;
  active: { version: number; config: RoutingConfig };
  booking: BookingRow;
  formId?: string;
};

/** The token, config and booking, or null for every way the link can be unusable. */
async function load(c: Context<AppEnv>): Promise<Loaded | null> {
  const bookingId = c.req.param("bookingId") ?? "";
  const token = c.req.query("token") ?? "";
  try {
    await requireManageToken(c.env, token, bookingId, c.get("now"));
  } catch {
    // 403, or a token so malformed that decoding it threw: either way not a usable link.
    return null;
  }
  const db = database(c.env.DB);
  const [active, booking] = await Promise.all([
    loadActiveConfig(db, inBackground(c)),
    getBooking(db, bookingId),
  ]);
  if (!active || !booking) return null;
  const lead = await getLead(db, booking.leadId);
  return { db, active, booking, formId: lead?.formId };
}

function deps(c: Context<AppEnv>, l: Loaded): BookingDeps {
  const now = c.get("now");
  const calendars = requestCalendars(c.env, l.db, l.active.config, now);
  return { env: c.env, db: l.db, now, baseUrl: new URL(c.req.url).origin, calendars };
}

/** Slots the meeting could move to: its own time (and its buffers) count as free, itself left out. */
async function rescheduleSlots(c: Context<AppEnv>, l: Loaded): Promise<SlotsPage> {
  const d = deps(c, l);
  const ctx = await loadLeadContext(l.db, l.active, l.booking.leadId);
  const view = { ...d, calendars: withoutBooking(d.calendars, ctx, l.booking) };
  const from = Date.parse(c.req.query("from") ?? "");
  const slots =
    Number.isFinite(from) && from > d.now
      ? await offeredSlots(view, ctx, from, from + 7 * 86_400_000)
      : await firstPage(view, ctx);
  return slots.filter((s) => Date.parse(s.start) !== l.booking.startAt);
}

type Notice = { kind: "ok" | "bad"; text: string };

async function render(
  c: Context<AppEnv>,
  l: Loaded,
  opts: { notice?: Notice; slots?: SlotsPage; status?: 200 | 409 },
) {
  const { config } = l.active;
  const { lang, t } = pageRequest(c, config, l.formId);
  const rep = config.reps.find((r) => r.id === l.booking.repId);
  const repName = rep?.name ?? "";
  const zone = zoneOf(c, l.booking.timezone ?? config.org.timezone);
  const token = c.req.query("token") ?? "";
  const self = new URL(c.req.url);
  const base = `${self.pathname.replace(/\/(cancel|reschedule)$/, "")}`;
  const q = `?token=${encodeURIComponent(token)}&tz=${encodeURIComponent(zone)}`;
  const minutes = Math.round((l.booking.endAt - l.booking.startAt) / 60_000);
  const utc = new Date(l.booking.startAt).toISOString().slice(0, 16).replace("T", " ");
  const confirmed = l.booking.status === "confirmed";
  const slots = confirmed ? (opts.slots ?? (await rescheduleSlots(c, l))) : [];
  const title = t("yourMeeting", { rep: repName });
  const body = html`<div class="rep">
      ${avatar(repName, rep?.photoUrl)}
      <div>
        <h1>${title}</h1>
        <p class="when">${longDateTime(l.booking.startAt, zone, lang)}</p>
        <p class="muted">
          ${t("minutes", { minutes })} · ${zone.replace(/_/g, " ")} · ${t("inUtc", { time: utc })}
        </p>
      </div>
    </div>
    ${opts.notice ? html`<p class="notice ${opts.notice.kind}" role="status">${opts.notice.text}</p>` : ""}
    ${confirmed ? activeSections(t, { slots, zone, lang, base, q, token }) : endedSection(t, l.booking, await againUrl(c, l), !!opts.notice)}`;
  securePage(c);
  return c.html(layout({ lang, title, branding: brandingOf(config), body }), opts.status ?? 200);
}

function activeSections(
  t: Translate,
  o: {
    slots: SlotsPage;
    zone: string;
    lang: ReturnType<typeof pageRequest>["lang"];
    base: string;
    q: string;
    token: string;
  },
) {
  return html`<section aria-labelledby="move">
      <h2 id="move">${t("rescheduleTitle")}</h2>
      <p class="muted">${t("rescheduleHelp")}</p>
      ${zoneSwitcher(t, o.zone, { token: o.token })}
      ${slotPicker({ action: `${o.base}/reschedule${o.q}`, slots: o.slots, zone: o.zone, lang: o.lang, t, moreHref: moreHref(o.slots, `${o.base}${o.q}`) })}
    </section>
    <section aria-labelledby="cancel">
      <h2 id="cancel">${t("cancelTitle")}</h2>
      <form method="post" action="${o.base}/cancel${o.q}">
        <label for="reason">${t("cancelReason")}</label>
        <textarea id="reason" name="reason" maxlength="${REASON_MAX}" dir="auto"></textarea>
        <p><button type="submit" class="danger">${t("cancelButton")}</button></p>
      </form>
    </section>`;
}

function endedSection(t: Translate, booking: BookingRow, again: string | null, told: boolean) {
  // Right after cancelling, the notice above already says so.
  const text = told ? "" : booking.status === "rescheduled" ? t("moved") : t("canceled");
  return html`${text ? html`<p class="notice">${text}</p>` : ""}
  ${
    again && booking.status === "canceled"
      ? html`<p><a class="button" href="${again}">${t("bookAgain")}</a></p>`
      : ""
  }`;
}

/** A cancelled meeting's way back: the lead's own booking page, while it can still book. */
async function againUrl(c: Context<AppEnv>, l: Loaded): Promise<string | null> {
  if (l.booking.status !== "canceled") return null;
  return leadBookingUrl(c.env, new URL(c.req.url).origin, l.booking.leadId, c.get("now"));
}

/** The manage routes, mounted at `/b`. */
export const bookingPage = new Hono<AppEnv>();

bookingPage.get("/:bookingId", async (c) => {
  const l = await load(c);
  if (!l) return invalidLink(c);
  const done = c.req.query("done");
  const repName = l.active.config.reps.find((r) => r.id === l.booking.repId)?.name ?? "";
  const { t } = pageRequest(c, l.active.config, l.formId);
  const notice: Notice | undefined =
    done === "moved"
      ? { kind: "ok", text: t("movedDone") }
      : done === "booked" && l.booking.status === "confirmed"
        ? { kind: "ok", text: t("bookedTitle") }
        : done === "canceled" && l.booking.status === "canceled"
          ? { kind: "ok", text: t("canceledDone", { rep: repName }) }
          : undefined;
  return render(c, l, { notice });
});

/**
 * The meeting for the visitor's calendar (booking-calendar.ts). A meeting that was moved or
 * cancelled sends them to its page, which says so.
 */
for (const [path, respond] of [
  ["/:bookingId/meeting.ics", icsFile],
  ["/:bookingId/google", googleCalendarRedirect],
] as const) {
  bookingPage.get(path, async (c) => {
    const l = await load(c);
    if (!l) return invalidLink(c);
    const page = `/b/${encodeURIComponent(l.booking.id)}?token=${encodeURIComponent(c.req.query("token") ?? "")}`;
    if (l.booking.status !== "confirmed") return c.redirect(page, 303);
    return (await respond(c, { config: l.active.config, db: l.db, booking: l.booking })) ?? invalidLink(c);
  });
}

bookingPage.post("/:bookingId/reschedule", async (c) => {
  const l = await load(c);
  if (!l) return invalidLink(c);
  const form = await readForm(c);
  const start = Date.parse(form.get("start") ?? "");
  if (!Number.isFinite(start)) return render(c, l, {});
  const tz = zoneOf(c, l.booking.timezone ?? l.active.config.org.timezone);
  const { t } = pageRequest(c, l.active.config, l.formId);
  try {
    const moved = await rescheduleBooking(deps(c, l), l.active, l.booking, { start, timezone: tz });
    return c.redirect(`${moved.manageUrl}&done=moved`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    if (err.code === "slot_unavailable")
      return render(c, l, {
        notice: { kind: "bad", text: t("taken") },
        slots: (err.details as any)?.slots,
        status: 409,
      });
    const fresh = (await getBooking(l.db, l.booking.id)) ?? l.booking;
    return render(c, { ...l, booking: fresh }, { status: 409 });
  }
});

bookingPage.post("/:bookingId/cancel", async (c) => {
  const l = await load(c);
  if (!l) return invalidLink(c);
  const form = await readForm(c);
  const reason = (form.get("reason") ?? "").trim().slice(0, REASON_MAX) || undefined;
  await cancelBooking(deps(c, l), l.active, l.booking, reason);
  const token = c.req.query("token") ?? "";
  const tz = c.req.query("tz");
  const back = `/b/${encodeURIComponent(l.booking.id)}?token=${encodeURIComponent(token)}${tz ? `&tz=${encodeURIComponent(tz)}` : ""}&done=canceled`;
  return c.redirect(back, 303);
});
