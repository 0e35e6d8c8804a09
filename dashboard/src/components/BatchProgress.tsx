/** A batched job's place (checking, importing, routing rows); a total of 0 means not counted yet. */
export type Progress = { label: string; done: number; total: number };

/** The labelled bar of a batched job; `id` is its test id, and the bar's id with `-bar`. */
export function BatchProgress({ id, progress }: { id: string; progress: Progress }) {
  return (
    <div class="progress" data-testid={id}>
      <label for={`${id}-bar`}>
        {progress.label}
        {progress.total > 0 ? `: ${progress.done} of ${progress.total} rows` : "…"}
      </label>
      <progress id={`${id}-bar`} max={Math.max(1, progress.total)} value={progress.done} />
    </div>
  );
}
