import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/** One page of a cursor-paged list, however the endpoint names its next cursor. */
export type Paged<T> = { items: T[]; next: string | null };

const FIRST: (string | undefined)[] = [undefined];

/**
 * A cursor-paged list: loads the current page whenever `fetchPage` changes (memoise it on
 * the filters), keeps the cursors of the pages before it for "back", and reports failures
 * through `onError`. A new `filterKey` starts again from the first page.
 */
export function usePagedList<T, P extends Paged<T> = Paged<T>>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  onError: (err: unknown) => string,
  filterKey = "",
) {
  // The cursors of every page up to the current one; the last entry is the current page's own.
  const [trail, setTrail] = useState({ key: filterKey, cursors: FIRST });
  const cursors = trail.key === filterKey ? trail.cursors : FIRST;
  const setCursors = (next: (string | undefined)[]) => setTrail({ key: filterKey, cursors: next });
  const [page, setPage] = useState<P | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  // Only the newest request may set the page: a slow answer for the filters the admin just
  // replaced (the first load racing a quick search) must not overwrite the newer one.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const answer = await fetchPage(cursor);
      if (request !== latest.current) return;
      setPage(answer);
      setError(null);
    } catch (err) {
      if (request === latest.current) setError(onError(err));
    }
  }, [fetchPage, cursor, onError]);
  useEffect(() => void load(), [load]);

  const next = page?.next;
  return {
    page,
    setPage,
    error,
    setError,
    load,
    /** Back to the first page (a search submitted again); reloads when already there. */
    reset: () => (cursors.length > 1 ? setCursors(FIRST) : void load()),
    paging: {
      number: cursors.length,
      back: cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : null,
      next: next ? () => setCursors([...cursors, next]) : null,
    },
  };
}

export type Paging = { number: number; back: (() => void) | null; next: (() => void) | null };

/** "← Newer · Page 2 · Older →" under a list; the words depend on what the list is sorted by. */
export function Pager({
  paging,
  back = "← Newer",
  next = "Older →",
}: {
  paging: Paging;
  back?: string;
  next?: string;
}) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" class="secondary" disabled={!paging.back} onClick={() => paging.back?.()}>
        {back}
      </button>
      <span class="muted">Page {paging.number}</span>
      <button type="button" class="secondary" disabled={!paging.next} onClick={() => paging.next?.()}>
        {next}
      </button>
    </nav>
  );
}
