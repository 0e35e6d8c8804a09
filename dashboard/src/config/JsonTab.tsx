import { useEffect, useState } from "preact/hooks";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";

/** The whole document as JSON, for power users; "Apply" checks it against the schema. */
export function JsonTab({ state, actions }: TabProps) {
  const [text, setText] = useState(() => JSON.stringify(state.doc, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => setText(JSON.stringify(state.doc, null, 2)), [state.doc]);
  const apply = () => {
    try {
      actions.replace(JSON.parse(text));
      setParseError(null);
    } catch (err) {
      setParseError(err instanceof Error ? err.message : "Not valid JSON");
    }
  };
  return (
    <section class="card">
      <h2>JSON</h2>
      <p class="muted">
        The whole config document. Edits here replace the draft when you press Apply; every problem is listed
        below with its path.
      </p>
      <textarea
        class="json-editor"
        aria-label="Config JSON"
        spellcheck={false}
        rows={30}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <button type="button" onClick={apply}>
          Apply
        </button>
        {parseError && (
          <span class="error" role="alert">
            {parseError}
          </span>
        )}
      </div>
      <Issues issues={state.issues} base={[]} doc={state.doc} />
    </section>
  );
}
