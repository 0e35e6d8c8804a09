import { useState } from "preact/hooks";
import type { Directory } from "../data/directory";
import { nameOf } from "../data/directory";

type Props = {
  dir: Directory;
  busy: boolean;
  /** Runs the move and reports what happened (the lead page reloads its timeline). */
  onReassign: (body: { toRepId?: string; teamId?: string; reason: string }) => void;
};

/**
 * Moves a lead by hand: to a named rep, or back through a team's distribution. A reason is
 * required; it goes to both reps' notices, the timeline and the audit log.
 */
export function ReassignForm({ dir, busy, onReassign }: Props) {
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const submit = (e: Event) => {
    e.preventDefault();
    const [kind, id] = target.split(":", 2) as ["rep" | "team", string];
    if (!id || !reason.trim()) return;
    onReassign(kind === "rep" ? { toRepId: id, reason } : { teamId: id, reason });
  };
  return (
    <form class="actions" data-testid="reassign" onSubmit={submit}>
      <label class="inline">
        Reassign to{" "}
        <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} required>
          <option value="">Choose…</option>
          <optgroup label="Back through a team">
            {[...dir.teams.keys()].map((id) => (
              <option key={id} value={`team:${id}`}>
                {nameOf(dir.teams, id)} (distribution)
              </option>
            ))}
          </optgroup>
          <optgroup label="A named rep">
            {[...dir.reps.keys()].map((id) => (
              <option key={id} value={`rep:${id}`}>
                {nameOf(dir.reps, id)}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label class="inline">
        Reason{" "}
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} required maxLength={500} />
      </label>
      <button type="submit" class="secondary" disabled={busy || !target || !reason.trim()}>
        Reassign
      </button>
    </form>
  );
}
