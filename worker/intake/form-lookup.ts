import { bodyLimit } from "hono/body-limit";
import { loadActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { AppError } from "../errors";

/** Far above any real form, far below what could hurt: 32 KB. */
export const MAX_SUBMISSION_BYTES = 32 * 1024;

/**
 * The active config and one of its forms, or 404: every intake route starts here.
 * `background`: the request's waitUntil, to refresh the cached config after the answer.
 */
export async function activeForm(
  db: Database,
  formId: string,
  background?: (work: Promise<unknown>) => void,
) {
  const active = await loadActiveConfig(db, background);
  const form = active?.config.forms.find((f) => f.id === formId);
  if (!active || !form) throw new AppError(404, "not_found", `No form "${formId}".`);
  return { active, form };
}

/** The body-size limit shared by every way a submission comes in; over it answers 413. */
export const submissionBodyLimit = bodyLimit({
  maxSize: MAX_SUBMISSION_BYTES,
  onError: () => {
    throw new AppError(413, "payload_too_large", `Submissions are limited to ${MAX_SUBMISSION_BYTES} bytes.`);
  },
});
