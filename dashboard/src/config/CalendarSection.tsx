/**
 * A rep's calendar in the Reps tab: where busy time comes from (Baton only, Google, Outlook),
 * the connection of the rep's own account with its status, and the sign-in link to send to
 * the rep. The connection shapes come from worker/calendars/contract.ts.
 */
import { useState } from "preact/hooks";
import type { Rep } from "../../../worker/core/config-doc";
import type { CalendarConnection, ConnectableProvider } from "../../../worker/calendars/contract";
import { SelectField } from "../components/fields";
import { configApi } from "./api";

type Provider = Rep["calendar"]["provider"];

const PROVIDERS: [Provider, string][] = [
  ["builtin", "Baton bookings only"],
  ["google", "Google Calendar"],
  ["microsoft", "Outlook (Microsoft 365)"],
];
const VENDOR: Record<ConnectableProvider, string> = { google: "Google", microsoft: "Outlook" };

type Props = {
  rep: Rep;
  token: string;
  connection?: CalendarConnection;
  onError: (err: unknown) => string;
  edit: (fn: (r: Rep) => void) => void;
};

export function CalendarSection({ rep, token, connection, onError, edit }: Props) {
  const [link, setLink] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const provider = rep.calendar.provider;
  const vendor = provider === "builtin" ? null : provider;
  const connect = async () => {
    if (!vendor) return;
    setLinkError(null);
    try {
      setLink((await configApi(token).connectLink(vendor, rep.id)).url);
    } catch (err) {
      setLinkError(onError(err));
    }
  };
  return (
    <>
      <h3>Calendar</h3>
      <div class="row">
        <SelectField
          label="Busy time from"
          value={provider}
          options={PROVIDERS}
          onChange={(v) => {
            setLink(null);
            edit((r) => void (r.calendar = { provider: v }));
          }}
        />
        <span data-testid="calendar-status">
          {connection ? (
            <>
              {VENDOR[connection.provider]}: <strong>{connection.status}</strong>{" "}
              {connection.accountEmail && <span class="muted">({connection.accountEmail})</span>}
              {connection.lastError && <span class="error"> {connection.lastError}</span>}
              {vendor && connection.provider !== vendor && (
                <span class="muted"> (not the calendar chosen here: connect {VENDOR[vendor]})</span>
              )}
            </>
          ) : (
            <span class="muted">No calendar connected</span>
          )}
        </span>
        {vendor && (
          <button type="button" class="small secondary" onClick={connect}>
            Connect {VENDOR[vendor]}
          </button>
        )}
      </div>
      {link && vendor && (
        <p>
          Send this link to {rep.name} (it expires soon):{" "}
          <a href={link} target="_blank" rel="noopener noreferrer">
            {VENDOR[vendor]} sign-in link
          </a>
        </p>
      )}
      {linkError && <p class="error">{linkError}</p>}
    </>
  );
}
