/**
 * The slot engine: pure, in UTC epoch ms, with time-zone work once per local date. Inputs
 * are a rep's schedule, its busy time and a meeting type's rules; `now` comes from the caller.
 */
export { repSlots, pooledSlots, repsFreeAt, slotWindow, bookedSpan } from "./engine";
export { mergeIntervals, overlapsAny } from "./intervals";
export { localDays, type LocalDay } from "./day-grid";
export type { PooledSlot, Slot, SlotQuery, SlotRep, SlotRules } from "./types";
