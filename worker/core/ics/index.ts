/** RFC 5545 / 5546 invites: METHOD:REQUEST with a stable UID and SEQUENCE, METHOD:CANCEL. */
export { buildIcs, icsMethod, type IcsInvite, type IcsPerson } from "./invite";
export {
  canceledEvent,
  icsUid,
  itipMessage,
  movedEvent,
  openedEvent,
  type IcsEvent,
  type IcsMeeting,
} from "./event";
export { escapeText, foldLine, utcDateTime } from "./text";
