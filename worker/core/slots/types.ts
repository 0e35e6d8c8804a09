import type { MeetingType } from "../config-doc";
import type { Interval, RepSchedule } from "../time";

/** The meeting-type fields that shape slots; a team's `meetingType` fits as is. */
export type SlotRules = Pick<
  MeetingType,
  | "durationMinutes"
  | "bufferBeforeMinutes"
  | "bufferAfterMinutes"
  | "minimumNoticeMinutes"
  | "horizonDays"
  | "slotIntervalMinutes"
  | "dailyMaxPerRep"
>;

/** One rep as the slot engine sees it: its schedule plus what already fills its calendar. */
export type SlotRep = RepSchedule & {
  id: string;
  /** Busy time from every source, in any order, overlaps allowed (UTC epoch ms, half-open). */
  busy: readonly Interval[];
  /** Starts of this meeting type's bookings, counted against `dailyMaxPerRep` per local day. */
  booked?: readonly number[];
};

/** A bookable meeting, [start, end) in UTC epoch ms. */
export type Slot = { start: number; end: number };

/** A slot of an availability team, with the reps free for it (in the order they were given). */
export type PooledSlot = Slot & { repIds: string[] };

/** What to compute: slots starting in [from, to), further bounded by notice and horizon. */
export type SlotQuery = { rules: SlotRules; now: number; from?: number; to?: number };
