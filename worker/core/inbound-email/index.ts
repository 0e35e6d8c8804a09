/** Inbound email: which messages may become leads, their lead fields, and the reply. Pure. */
export { bareAddress, LOOP_HEADER, screenInbound, type DropReason, type ScreenResult } from "./screen";
export { emailLeadFields, MAX_MESSAGE_CHARS, type EmailLeadFields, type ParsedEmail } from "./lead-fields";
export { composeReply, type ReplyInput } from "./reply";
export const EMAIL_FORM_ID = "email:inbound";
