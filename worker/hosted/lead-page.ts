/**
 * The hosted page where a lead picks a time, `/l/:leadId?token=…` (an ordinary booking
 * token): where the not-booked follow-up email and a cancelled meeting's "book a new time"
 * lead. The same fresh slots and the same booking path as the widget, as plain HTML forms.
 */
import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { firstPage, offeredSlots, type BookingDeps, type SlotsPage } from "../booking/availability";
import { bookSlot } from "../booking/book";
import { loadLeadContext, type LeadContext } from "../booking/context";
import { requestCalendars } from "../booking/event";
import { manageUrl, requireBookingToken } from "../booking/tokens";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { confirmedBookingForLead } from "../booking/booking-queries";
import { database } from "../db/client";
import { markSlotsShown } from "../analytics/analytics-queries";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { avatar, brandingOf, layout, securePage } from "./layout";
import { invalidLink, moreHref, pageRequest, readForm } from "./requests";
import { slotPicker, zoneOf, zoneSwitcher } from "./views";

type Loaded = { deps: BookingDeps; ctx: LeadContext };

async function load(c: Context<AppEnv>): Promise<Loaded | null> {
  const leadId = c.req.param("leadId") ?? "";
  const now = c.get("now");
  try {
    await requireBookingToken(c.env, c.req.query("token") ?? "", leadId, now);
  } catch {
    // 403, or a token so malformed that decoding it threw: either way not a usable link.
    return null;
  }
  try {
    const db = database(c.env.DB);
    const active = await loadActiveConfig(db, inBackground(c));
    if (!active) return null;
    const ctx = await loadLeadContext(db, active, leadId);
    const calendars = requestCalendars(c.env, db, active.config, now);
    return { deps: { env: c.env, db, now, baseUrl: new URL(c.req.url).origin, calendars }, ctx };
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

async function render(c: Context<AppEnv>, l: Loaded, given?: { slots: SlotsPage; taken: boolean }) {
  const { config } = l.ctx;
  const { lang, t } = pageRequest(c, config, l.ctx.lead.formId);
  const rep = config.reps.find((r) => r.id === l.ctx.assignment?.repId);
  const repName = rep?.name ?? config.org.name;
  const title = t("pickTime", { rep: repName });
  const zone = zoneOf(c, config.org.timezone);
  const token = c.req.query("token") ?? "";
  const path = new URL(c.req.url).pathname.replace(/\/book$/, "");
  const q = `?token=${encodeURIComponent(token)}&tz=${encodeURIComponent(zone)}`;
  const existing = await confirmedBookingForLead(l.deps.db, l.ctx.lead.id);
  let content;
  if (existing) {
    const link = await manageUrl(c.env, l.deps.baseUrl, existing.id, existing.endAt);
    content = html`<p class="notice">${t("alreadyBooked")}</p>
      <p><a class="button" href="${link}">${t("viewMeeting")}</a></p>`;
  } else {
    const slots = given?.slots ?? (await slotsFor(c, l));
    if (slots.length > 0)
      c.executionCtx.waitUntil(markSlotsShown(l.deps.db, l.ctx.lead.id, l.deps.now).then(() => undefined));
    content = html`${given?.taken ? html`<p class="notice bad" role="status">${t("taken")}</p>` : ""}
    ${zoneSwitcher(t, zone, { token })}
    ${slots.length || given ? slotPicker({ action: `${path}/book${q}`, slots, zone, lang, t, moreHref: moreHref(slots, `${path}${q}`) }) : html`<p>${t("noSlotsPage", { rep: repName })}</p>`}`;
  }
  const body = html`<div class="rep">
      ${avatar(repName, rep?.photoUrl)}
      <h1>${title}</h1>
    </div>
    ${content}`;
  securePage(c);
  return c.html(layout({ lang, title, branding: brandingOf(config), body }), given?.taken ? 409 : 200);
}

function slotsFor(c: Context<AppEnv>, l: Loaded): Promise<SlotsPage> {
  const from = Date.parse(c.req.query("from") ?? "");
  return Number.isFinite(from) && from > l.deps.now
    ? offeredSlots(l.deps, l.ctx, from, from + 7 * 86_400_000)
    : firstPage(l.deps, l.ctx);
}

/** The lead's booking page, mounted at `/l`. */
export const leadPage = new Hono<AppEnv>();

leadPage.get("/:leadId", async (c) => {
  const l = await load(c);
  return l ? render(c, l) : invalidLink(c);
});

leadPage.post("/:leadId/book", async (c) => {
  const l = await load(c);
  if (!l) return invalidLink(c);
  const start = Date.parse((await readForm(c)).get("start") ?? "");
  if (!Number.isFinite(start)) return render(c, l);
  try {
    const created = await bookSlot(l.deps, l.ctx, { start, timezone: zoneOf(c, l.ctx.config.org.timezone) });
    return c.redirect(`${created.manageUrl}&done=booked`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    if (err.code === "slot_unavailable")
      return render(c, l, { slots: (err.details as any)?.slots ?? [], taken: true });
    return render(c, l);
  }
});
