/**
 * How a screen says what happened: a polite status line (kept in the DOM even when empty, so
 * screen readers announce the next message) and an alert for a failure.
 */
export function Feedback({ status, error }: { status?: string | null; error: string | null }) {
  return (
    <>
      {status !== undefined && (
        <p class="status" role="status">
          {status}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** "Loading…" until either data or an error has arrived. */
export function Loading({ done, text = "Loading…" }: { done: boolean; text?: string }) {
  return done ? null : <p class="muted">{text}</p>;
}
