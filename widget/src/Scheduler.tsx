// oxlint-disable-next-line no-unused-vars -- Fragment is the factory of <> in classic JSX
import { Fragment, h } from "preact";
import { locale, t } from "./i18n";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { BatonRequestError, type BatonApi } from "./api";
import { detectedTimeZone, groupByDay, mergeSlots, zoneChoices } from "./calendar";
import type { BookingCreated, Emit, Slot, SubmissionResponse } from "./types";

type Props = {
  api: BatonApi;
  /** Without a rep and slots (only in attach mode), it shows the form's no-slot `message`. */
  result: SubmissionResponse;
  idPrefix: string;
  emit: Emit;
  /**
   * Called with the booking when there is one, and its time as shown (in the zone the
   * visitor chose); the form then restores focus.
   */
  onClose: (booking: BookingCreated | null, when?: string) => void;
};

const DAY_MS = 86_400_000;
const FOCUSABLE = "button:enabled,select:enabled,a[href]";

/** The rep's photo; initials when there is none, it is not https, or it fails to load. */
function Avatar({ name, url }: { name: string; url?: string | null }) {
  const [failed, setFailed] = useState(false);
  // Decorative: the rep's name is in the title next to it.
  return url && !failed && url.startsWith("https://") ? (
    <img class="avatar" src={url} alt="" onError={() => setFailed(true)} />
  ) : (
    <span class="avatar" aria-hidden="true">
      {name
        .split(/\s+/)
        .map((word) => word[0])
        .join("")
        .slice(0, 2)
        .toUpperCase()}
    </span>
  );
}

/**
 * The slot picker and confirmation, as a modal dialog: focus moves in on open, Tab cycles
 * inside, Escape closes. In attach mode a lead with nothing to book gets the same dialog with
 * the form's no-slot message, since the host page has no place of Baton's to show it. Every pending request disables what would start another one.
 */
export function Scheduler({ api, result, idPrefix, emit, onClose }: Props) {
  const detected = useMemo(detectedTimeZone, []);
  const [timeZone, setTimeZone] = useState(detected);
  const [slots, setSlots] = useState<Slot[]>(result.slots);
  const [notice, setNotice] = useState("");
  const [pending, setPending] = useState<"book" | "more" | null>(null);
  const [noMore, setNoMore] = useState(false);
  const [booking, setBooking] = useState<BookingCreated | null>(null);
  // State updates land on the next render; the ref stops a second click in the same frame.
  const busy = useRef(false);
  const dialog = useRef<HTMLDivElement>(null);
  const repName = result.assignment?.repName;
  const titleId = `${idPrefix}-dialog-title`;
  const days = useMemo(() => groupByDay(slots, timeZone, locale), [slots, timeZone]);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [booking]);

  const run = async (kind: "book" | "more", work: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    setPending(kind);
    try {
      await work();
    } finally {
      busy.current = false;
      setPending(null);
    }
  };

  const book = (slot: Slot) =>
    run("book", async () => {
      setNotice("");
      try {
        const body = { start: slot.start, bookingToken: result.bookingToken, timezone: timeZone };
        const created = await api.book(result.leadId, body);
        setBooking(created);
        emit("booked", { bookingId: created.bookingId, start: created.start });
      } catch (err) {
        const code = err instanceof BatonRequestError ? err.body.code : undefined;
        const fresh = err instanceof BatonRequestError ? err.body.details?.slots : undefined;
        if (code === "slot_unavailable" && Array.isArray(fresh)) {
          setSlots(fresh);
          setNoMore(false);
          setNotice(t("taken"));
        } else setNotice(t(code === "conflict" ? "already" : "bookFailed"));
      }
    });

  const more = () =>
    run("more", async () => {
      setNotice("");
      const last = slots[slots.length - 1];
      const from = last ? Date.parse(last.start) + 1 : Date.now();
      try {
        const page = await api.moreSlots(
          result.leadId,
          result.bookingToken,
          new Date(from).toISOString(),
          new Date(from + 14 * DAY_MS).toISOString(),
        );
        const merged = mergeSlots(slots, Array.isArray(page?.slots) ? page.slots : []);
        if (merged.length === slots.length) setNoMore(true);
        setSlots(merged);
      } catch {
        setNotice(t("moreFailed"));
      }
    });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose(booking, when);
      return;
    }
    if (e.key !== "Tab" || !dialog.current) return;
    const items = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const root = dialog.current.getRootNode() as ShadowRoot | Document;
    const at = items.indexOf(root.activeElement as HTMLElement);
    const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at === items.length - 1 ? 0 : at + 1;
    e.preventDefault();
    items[next]?.focus();
  };

  const when = booking
    ? new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "full", timeStyle: "short" }).format(
        new Date(booking.start),
      )
    : "";

  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose(booking, when)}>
      <div
        ref={dialog}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <button type="button" class="close" aria-label={t("close")} onClick={() => onClose(booking, when)}>
          ×
        </button>
        {!repName || !result.slots.length ? (
          <div>
            <p class="title" id={titleId}>
              {t("thanks")}
            </p>
            <p>{result.message}</p>
            <button type="button" onClick={() => onClose(null)}>
              {t("done")}
            </button>
          </div>
        ) : (
          <>
            <div class="rep">
              <Avatar name={repName} url={result.assignment?.repPhotoUrl} />
              <p class="title" id={titleId}>
                {t(booking ? "bookedWith" : "bookWith", { rep: repName })}
              </p>
            </div>
            {booking ? (
              <div class="confirm">
                <p>{when}</p>
                <p class="links">
                  <a href={booking.googleCalendarUrl} target="_blank" rel="noopener noreferrer">
                    {t("addGoogle")}
                  </a>
                  <a href={booking.icsUrl}>{t("downloadIcs")}</a>
                  <a href={booking.manageUrl} target="_blank" rel="noopener">
                    {t("manage")}
                  </a>
                </p>
                <button type="button" onClick={() => onClose(booking, when)}>
                  {t("done")}
                </button>
              </div>
            ) : (
              <div>
                <label class="tz">
                  {t("timeZone")}
                  <select value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)}>
                    {zoneChoices(detected).map((z) => (
                      <option key={z} value={z}>
                        {z.replace(/_/g, " ")}
                      </option>
                    ))}
                  </select>
                </label>
                <p class="problem" role="alert">
                  {notice}
                </p>
                {days.map((day) => (
                  <div key={day.key} class="day" role="group" aria-label={day.label}>
                    <p class="day-label">{day.label}</p>
                    <div class="slots">
                      {day.slots.map(({ slot, time }) => (
                        <button
                          key={slot.start}
                          type="button"
                          class="slot"
                          aria-label={`${day.label}, ${time}`}
                          disabled={pending !== null}
                          onClick={() => book(slot)}
                        >
                          {time}
                        </button>
                      ))}
                    </div>
                  </div>
                ))}
                {!days.length && <p class="note">{t("noTimes")}</p>}
                <p class="note" role="status">
                  {pending === "book" ? t("booking") : noMore ? t("noMore") : ""}
                </p>
                {!noMore && (
                  <button type="button" class="secondary" disabled={pending !== null} onClick={more}>
                    {t(pending === "more" ? "loadingMore" : "moreDays")}
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
