import type { Path } from "../config/api";
import type { Issue } from "../config/store";

const LABEL = { error: "Error", warning: "Warning", info: "Note" } as const;

/**
 * `["ruleSets", 0, "rules", 2]` → `ruleSets › Inbound demo requests › rules › DACH enterprise`:
 * array positions are named after the item they point at, when the document has it.
 */
export function readablePath(doc: unknown, path: Path, from = 0): string {
  let node: unknown = doc;
  const parts: string[] = [];
  path.forEach((p, k) => {
    const next =
      node === null || typeof node !== "object" ? undefined : (node as Record<string | number, unknown>)[p];
    if (k >= from) {
      const item =
        typeof p === "number" && next && typeof next === "object"
          ? (next as { name?: unknown; id?: unknown })
          : null;
      const name =
        item && (typeof item.name === "string" ? item.name : typeof item.id === "string" ? item.id : null);
      parts.push(name ?? (typeof p === "number" ? `#${p + 1}` : p));
    }
    node = next;
  });
  return parts.join(" › ");
}

/** Validation errors and lint findings for one card, with where inside it they apply. */
export function Issues({ issues, base, doc }: { issues: Issue[]; base: Path; doc?: unknown }) {
  if (!issues.length) return null;
  return (
    <ul class="issues" aria-label="Problems">
      {issues.map((i, k) => {
        const rest = readablePath(doc, i.path, base.length);
        return (
          <li key={k} class={`issue ${i.severity}`} data-code={i.code}>
            <strong>{LABEL[i.severity]}</strong> {rest && <code>{rest}</code>} {i.message}
          </li>
        );
      })}
    </ul>
  );
}
