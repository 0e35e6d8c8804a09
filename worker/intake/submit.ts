import { canonicalJson } from "../core/canonical-json";
import type { Form } from "../core/config-doc";
import { submissionFieldsSchema } from "../core/forms/submission-schema";
import type { ActiveConfig } from "../config/store";
import { database, type Database } from "../db/client";
import { sessionAsBinding } from "../db/d1-session";
import { writeSession } from "./record-routing";
import { isUniqueViolation } from "../db/errors";
import {
  findDuplicateLead,
  findLeadByIdempotencyKey,
  insertLead,
  newLeadRow,
  type LeadRow,
} from "../leads/lead-queries";
import { AppError } from "../errors";
import { issuesToFieldErrors } from "../http/validation";
import { sha256Hex } from "../security/tokens";
import type { RawSubmission } from "./read-submission";
import type { SubmissionResponse } from "./contract";
import { responseForLead } from "./responses";
import { prepareLead, routeAndRecord, type RequestGeo } from "./route-lead";
import { StageTimings } from "./server-timing";
import { verifyTurnstile } from "./turnstile";
import { crmLookupFor } from "../crm/intake";
import { loadCrm } from "../crm/runtime";

/** A re-sent identical payload within this window is the same lead (double clicks, retries). */
export const DUPLICATE_PAYLOAD_WINDOW_MS = 10_000;

export type SubmitInput = {
  env: Env;
  db: Database;
  now: number;
  active: ActiveConfig;
  form: Form;
  raw: RawSubmission;
  idempotencyKey: string | undefined;
  clientIp: string | undefined;
  geo: RequestGeo;
  /**
   * Settles once the submission may go on (the public route's rate limit, started before
   * the body was read). Awaited before any answer and any write, so a limited client gets
   * its 429 whatever else it got wrong, exactly as if it had been awaited first.
   */
  admitted?: Promise<void>;
  /** Where the stages' durations go, for the Server-Timing header. */
  timings?: StageTimings;
  /** The request's context: side effects are handed off through it after the answer. */
  ctx?: { waitUntil(p: Promise<unknown>): void };
  /** A random lead id even with an Idempotency-Key (the key's own id is taken; see storedOrWinner). */
  randomId?: boolean;
};

export type SubmitResult = {
  created: boolean;
  body: SubmissionResponse;
  /** D1's bookmark after the lead was recorded (worker/db/d1-session.ts). */
  bookmark?: string;
};

function emailOf(form: Form, fields: Record<string, unknown>): string | null {
  const field = form.fields.find((f) => f.type === "email" && f.required);
  const value = field ? fields[field.name] : undefined;
  return typeof value === "string" ? value : null;
}

/**
 * Answers for the earlier lead a submission repeats. An Idempotency-Key that comes back with
 * a different payload is a client bug (a key reused across leads): replaying the first lead
 * would drop the new one without a word, so it is refused, as Stripe does, and nothing is
 * written. The payload hash covers the validated fields and the context.
 */
async function replay(input: SubmitInput, lead: LeadRow, payloadHash: string): Promise<SubmitResult> {
  if (
    input.idempotencyKey &&
    lead.idempotencyKey === input.idempotencyKey &&
    lead.payloadHash !== payloadHash
  )
    throw new AppError(
      422,
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different submission; send a new key for a new lead.",
    );
  const { db, env, active, now } = input;
  // The first request answered before recording its routing (route-lead.ts, answerFirst), or
  // died before it: route again; the team object answers with the rep it chose, and only the
  // first record is written, so this answer is the first one's.
  if (lead.status === "received") {
    const routed = await routeAndRecord({ env, db, now, active, lead, geo: input.geo, ctx: input.ctx });
    const row = { ...lead, status: routed.status };
    return { created: false, body: await responseForLead(db, env, active, row, now, routed) };
  }
  return { created: false, body: await responseForLead(db, env, active, lead, now) };
}

// Built once per form and isolate: the active config is cached parsed (by checksum), so the
// same Form object comes back on every request, and building the schema cost ~5% of the
// Worker's CPU under load when it was done per submission.
const schemas = new WeakMap<Form, ReturnType<typeof submissionFieldsSchema>>();

function fieldsSchema(form: Form) {
  let schema = schemas.get(form);
  if (!schema) schemas.set(form, (schema = submissionFieldsSchema(form)));
  return schema;
}

/** The form's fields, or 422 listing every problem (after the rate limit has had its say). */
async function validFields(form: Form, raw: RawSubmission, admitted: Promise<void>) {
  const parsed = fieldsSchema(form).safeParse(raw.fields);
  if (parsed.success) return parsed.data;
  await admitted;
  throw new AppError(422, "validation_failed", "Some fields need attention.", {
    errors: issuesToFieldErrors(parsed.error.issues).map((e) => ({ ...e, path: ["fields", ...e.path] })),
  });
}

/**
 * Stores, routes and answers one submission. Order matters: validate (nothing written on
 * failure), replay duplicates, verify the bot check, write the lead, and only then route,
 * so that a routing failure can never lose a lead. Reads that decide nothing on their own
 * (the account lookup) run alongside the write.
 */
export async function submitLead(input: SubmitInput): Promise<SubmitResult> {
  const { db, env, now, form, raw } = input;
  const timings = input.timings ?? new StageTimings();
  const admitted = input.admitted ?? Promise.resolve();
  const fields = await validFields(form, raw, admitted);
  const honeypot = form.honeypotField ? raw.fields[form.honeypotField] : undefined;
  const isSpam =
    typeof honeypot === "string" ? honeypot.trim() !== "" : honeypot !== undefined && honeypot !== null;

  const [payloadHash, keyedId] = await Promise.all([
    sha256Hex(canonicalJson({ fields, context: raw.context })),
    input.idempotencyKey && !input.randomId ? leadIdForKey(form.id, input.idempotencyKey) : undefined,
  ]);
  // Read-only, so the account lookup runs with the duplicate check and the rate limit: one
  // round trip for the three. Routing itself (the team object) waits for it.
  const prepared = isSpam
    ? undefined
    : timings.time(
        "account",
        prepareLead(db, input.active, { fields, context: raw.context, formId: form.id }, input.geo, now),
      );
  prepared?.catch(() => {}); // a failure surfaces (as `unrouted`) when routing awaits it
  // The CRM lookup (the cached connection row, then HubSpot under its deadline) rides the same
  // round trip; it never throws. A duplicate wastes one lookup, which beats waiting for it.
  const crm = isSpam
    ? undefined
    : timings.time(
        "crm",
        crmLookupFor(loadCrm(env, db, now), input.active.config, { email: emailOf(form, fields) }),
      );
  const [, duplicate] = await Promise.all([
    admitted,
    timings.time(
      "dedupe",
      findDuplicateLead(db, form.id, input.idempotencyKey, payloadHash, now - DUPLICATE_PAYLOAD_WINDOW_MS),
    ),
  ]);
  if (duplicate) return replay(input, duplicate, payloadHash);

  if (form.turnstile.enabled && !isSpam) {
    const check = await verifyTurnstile({
      token: raw.turnstileToken,
      secret: env.TURNSTILE_SECRET,
      remoteIp: input.clientIp,
      verifyUrl: env.TURNSTILE_VERIFY_URL,
      idempotencyKey: payloadHash.slice(0, 36),
    });
    if (!check.ok)
      throw new AppError(403, "forbidden", "The bot check failed; reload the page and try again.", {
        reason: check.reason,
      });
  }

  const email = emailOf(form, fields);
  const fresh = newLeadRow(
    {
      formId: form.id,
      email,
      emailNormalized: email ? email.trim().toLowerCase() : null,
      fields,
      context: raw.context,
      status: isSpam ? "spam" : "received",
      configVersion: input.active.version,
      idempotencyKey: input.idempotencyKey ?? null,
      payloadHash,
    },
    now,
  );
  const lead = keyedId ? { ...fresh, id: keyedId } : fresh;
  // Through a session: the answer carries the insert's bookmark (the routing record follows
  // after the answer; worker/intake/finish-routing.ts covers a read that comes before it).
  const writes = writeSession(env.DB);
  const stored = timings.time("store", insertLead(database(sessionAsBinding(writes)), lead));
  stored.catch(() => {}); // awaited below
  // Routing overlaps the insert, and only its record batch waits for the row (one round trip
  // for the two). With an Idempotency-Key two requests may race for one lead: both carry the
  // same lead id (`leadIdForKey`), so the team object answers both with one rep and counts it
  // once; the insert decides which request records it, and the other replays the winner.
  const routing = isSpam
    ? undefined
    : routeAndRecord({
        env,
        db,
        now,
        active: input.active,
        lead,
        geo: input.geo,
        prepared,
        crm,
        stored,
        ctx: input.ctx,
        timings,
        answerFirst: true,
      });
  routing?.catch(() => {});
  if (input.idempotencyKey) {
    const winner = await storedOrWinner(input, stored, payloadHash, Boolean(keyedId));
    if (winner) return winner;
  } else await stored;
  // The routing outcome is the lead's new status and assignment; no need to read them back.
  const routed = routing ? await routing : { status: lead.status, assignment: null };
  const row = { ...lead, status: routed.status };
  const body = await responseForLead(db, env, input.active, row, now, routed, timings);
  const bookmark = ("bookmark" in routed ? routed.bookmark : undefined) ?? writes.getBookmark() ?? undefined;
  return { created: true, body, bookmark };
}

/**
 * The lead id of a submission with an Idempotency-Key: derived from the form and the key
 * (SHA-256, shaped as a version 8 UUID), so that requests racing with one key route one lead.
 * The key alone already replays that lead's answer, so the id tells its holder nothing new.
 */
export async function leadIdForKey(formId: string, key: string): Promise<string> {
  const hex = await sha256Hex(`baton-lead\u0000${formId}\u0000${key}`);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Waits for the insert; on losing an Idempotency-Key race, the winner's replay. */
async function storedOrWinner(
  input: SubmitInput,
  stored: Promise<unknown>,
  payloadHash: string,
  keyedId: boolean,
): Promise<SubmitResult | null> {
  try {
    await stored;
    return null;
  } catch (err) {
    // Two requests with one Idempotency-Key raced; the unique index let exactly one in.
    if (isUniqueViolation(err)) {
      const winner = await findLeadByIdempotencyKey(input.db, input.form.id, input.idempotencyKey!);
      if (winner) return replay(input, winner, payloadHash);
      // The key's id is taken by a lead that no longer carries the key (a privacy erasure
      // clears it and keeps the row): the key is free again, so this is a new lead, with an
      // id of its own. Rare, so it simply starts over (the team object only replayed the old
      // id's choice, and this request's routing records nothing: its insert failed).
      if (keyedId) return submitLead({ ...input, randomId: true });
    }
    throw err;
  }
}
