import { canonicalJson } from "../core/canonical-json";
import type { Form } from "../core/config";
import { submissionFieldsSchema } from "../core/forms/submission-schema";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { findLeadByIdempotencyKey, findRecentLeadByPayload, insertLead, type LeadRow } from "../db/leads";
import { AppError } from "../errors";
import { issuesToFieldErrors } from "../http/validation";
import { sha256Hex } from "../security/tokens";
import type { RawSubmission } from "./read-submission";
import { responseForLead, type SubmissionResponse } from "./responses";
import { routeStoredLead, type RequestGeo } from "./route-lead";
import { verifyTurnstile } from "./turnstile";

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
};

export type SubmitResult = { created: boolean; body: SubmissionResponse };

function emailOf(form: Form, fields: Record<string, unknown>): string | null {
  const field = form.fields.find((f) => f.type === "email" && f.required);
  const value = field ? fields[field.name] : undefined;
  return typeof value === "string" ? value : null;
}

async function replay(input: SubmitInput, lead: LeadRow): Promise<SubmitResult> {
  return { created: false, body: await responseForLead(input.db, input.env, input.active, lead, input.now) };
}

/**
 * Stores, routes and answers one submission. Order matters: validate (nothing written on
 * failure), replay duplicates, verify the bot check, write the lead, and only then route,
 * so that a routing failure can never lose a lead.
 */
export async function submitLead(input: SubmitInput): Promise<SubmitResult> {
  const { db, env, now, form, raw } = input;
  const parsed = submissionFieldsSchema(form).safeParse(raw.fields);
  if (!parsed.success) {
    throw new AppError(422, "validation_failed", "Some fields need attention.", {
      errors: issuesToFieldErrors(parsed.error.issues).map((e) => ({ ...e, path: ["fields", ...e.path] })),
    });
  }
  const fields = parsed.data;
  const honeypot = form.honeypotField ? raw.fields[form.honeypotField] : undefined;
  const isSpam =
    typeof honeypot === "string" ? honeypot.trim() !== "" : honeypot !== undefined && honeypot !== null;

  if (input.idempotencyKey) {
    const existing = await findLeadByIdempotencyKey(db, form.id, input.idempotencyKey);
    if (existing) return replay(input, existing);
  }
  const payloadHash = await sha256Hex(canonicalJson({ fields, context: raw.context }));
  const recent = await findRecentLeadByPayload(db, form.id, payloadHash, now - DUPLICATE_PAYLOAD_WINDOW_MS);
  if (recent) return replay(input, recent);

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
  const lead: LeadRow = {
    id: crypto.randomUUID(),
    createdAt: now,
    formId: form.id,
    email,
    emailNormalized: email ? email.trim().toLowerCase() : null,
    fields,
    context: raw.context,
    status: isSpam ? "spam" : "received",
    score: null,
    tier: null,
    configVersion: input.active.version,
    idempotencyKey: input.idempotencyKey ?? null,
    payloadHash,
    routingAttempts: 0,
    lastRoutingError: null,
    updatedAt: now,
  };
  try {
    await insertLead(db, lead);
  } catch (err) {
    // Two requests with one Idempotency-Key raced; the unique index let exactly one in.
    if (input.idempotencyKey && String(err).includes("UNIQUE")) {
      const winner = await findLeadByIdempotencyKey(db, form.id, input.idempotencyKey);
      if (winner) return replay(input, winner);
    }
    throw err;
  }
  // The routing outcome is the lead's new status; no need to read the row back.
  const status = isSpam
    ? lead.status
    : await routeStoredLead({ env, db, now, active: input.active, lead, geo: input.geo });
  return { created: true, body: await responseForLead(db, env, input.active, { ...lead, status }, now) };
}
