import { useEffect, useState } from "preact/hooks";
import type { DatabaseStorage } from "../../../worker/capacity/contract";
import { storageSummary } from "./storage";

/** The D1 database's size against its limit, from `/health`; a warning from 80% full. */
export function DatabaseSize() {
  const [storage, setStorage] = useState<DatabaseStorage | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    fetch("/health")
      .then((r) => r.json() as Promise<{ storage?: DatabaseStorage | null }>)
      .then((body) => live && setStorage(body.storage ?? null))
      .catch(() => live && setStorage(null));
    return () => {
      live = false;
    };
  }, []);
  if (storage === undefined) return null;
  if (storage === null)
    return (
      <p class="muted" data-testid="database-size">
        Database size unavailable.
      </p>
    );
  const { text, warning } = storageSummary(storage);
  return (
    <div data-testid="database-size">
      <p>
        Database: <strong>{text}</strong>{" "}
        <meter
          min={0}
          max={1}
          low={0.6}
          high={0.8}
          optimum={0}
          value={storage.share}
          aria-label="Share of the database limit"
        />
      </p>
      {warning && (
        <p class="warn" role="alert">
          {warning}
        </p>
      )}
    </div>
  );
}
