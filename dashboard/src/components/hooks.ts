import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/**
 * An action that calls the API: `busy` while it runs, `status` for what it did, `error` for
 * what went wrong (through the screen's `onError`, so a 401 signs out). `run` resolves to
 * false when the action failed.
 */
export function useAction(onError: (err: unknown) => string) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<string | void>): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      const done = await action();
      if (done) setStatus(done);
      return true;
    } catch (err) {
      setError(onError(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, error, setError, setStatus, run };
}

/**
 * Form state of plain string inputs: `set(key)` takes the new value (for SelectFilter),
 * `bind(key)` is the input or select event handler.
 */
export function useFormState<F extends Record<string, string>>(initial: F | (() => F)) {
  const [form, setForm] = useState<F>(initial);
  const set = (key: keyof F) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const bind = (key: keyof F) => (e: Event) =>
    set(key)((e.currentTarget as HTMLInputElement | HTMLSelectElement).value);
  return { form, setForm, set, bind };
}

/**
 * Data a screen reads on mount and again whenever `fetch` changes (memoise it on what it
 * reads); `load` reads it again after an action. Failures go through `onError`.
 */
export function useLoaded<T>(fetch: () => Promise<T>, onError: (err: unknown) => string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // As in usePagedList: an answer to a superseded request is dropped, never shown.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const answer = await fetch();
      if (request !== latest.current) return;
      setData(answer);
      setError(null);
    } catch (err) {
      if (request === latest.current) setError(onError(err));
    }
  }, [fetch, onError]);
  useEffect(() => void load(), [load]);
  return { data, setData, error, load };
}
