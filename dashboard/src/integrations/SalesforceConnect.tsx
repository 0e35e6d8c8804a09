import { useEffect, useState } from "preact/hooks";
import type { salesforceApi, SalesforceSettingsPatch, SalesforceStatus } from "./api";

type ConnectProps = {
  status: SalesforceStatus;
  busy: boolean;
  run: (action: () => Promise<string | void>) => Promise<boolean>;
  api: ReturnType<typeof salesforceApi>;
  onConnected: (status: SalesforceStatus) => void;
};

/**
 * The two documented ways in: the approval page (web server flow, an admin signs in once and
 * the refresh token is stored encrypted) and server-to-server (JWT bearer flow, as an
 * integration user pre-authorized on the connected app). Each shows only when the deployment
 * has the secrets it needs; with neither, the admin is told which to set.
 */
export function SalesforceConnect({ status, busy, run, api, onConnected }: ConnectProps) {
  const [username, setUsername] = useState("");
  const approve = () =>
    run(async () => {
      const { url } = await api.startOAuth();
      window.location.assign(url);
      return "Opening Salesforce…";
    });
  const connect = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      onConnected(await api.connect(username.trim()));
      return "Salesforce connected.";
    });
  };
  if (!status.oauthAvailable && !status.jwtAvailable)
    return (
      <p class="muted">
        Salesforce is not configured on this deployment: set SALESFORCE_CLIENT_ID with
        SALESFORCE_CLIENT_SECRET (connect by approval) or SALESFORCE_JWT_PRIVATE_KEY (server-to-server).
      </p>
    );
  return (
    <>
      {status.oauthAvailable && (
        <div class="connect">
          <h3>Connect by approval</h3>
          <p class="muted">
            You sign in to Salesforce and approve Baton's connected app (scopes api and refresh_token). Baton
            keeps the refresh token, encrypted.
          </p>
          <div class="actions">
            <button type="button" disabled={busy} onClick={approve}>
              Connect with Salesforce
            </button>
          </div>
        </div>
      )}
      {status.jwtAvailable && (
        <form class="connect" onSubmit={connect}>
          <h3>Connect server-to-server</h3>
          <p class="muted">
            The integration user must be pre-authorized on the connected app whose certificate matches
            SALESFORCE_JWT_PRIVATE_KEY.
          </p>
          <label>
            Integration user (Salesforce username)
            <input
              type="email"
              autocomplete="off"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </label>
          <div class="actions">
            <button type="submit" class="secondary" disabled={busy || username.trim().length < 3}>
              Connect as this user
            </button>
          </div>
        </form>
      )}
    </>
  );
}

type SettingsProps = {
  settings: SalesforceStatus["settings"];
  busy: boolean;
  onSave: (patch: SalesforceSettingsPatch) => void;
};

/** Which record a lead becomes, where the matched Account goes, and LeadSource. */
export function RecordSettings({ settings, busy, onSave }: SettingsProps) {
  const [object, setObject] = useState(settings.object);
  const [lookup, setLookup] = useState(settings.accountLookupField ?? "");
  const [source, setSource] = useState(settings.leadSource);
  useEffect(() => {
    setObject(settings.object);
    setLookup(settings.accountLookupField ?? "");
    setSource(settings.leadSource);
  }, [settings]);
  const save = (e: Event) => {
    e.preventDefault();
    onSave({ object, accountLookupField: lookup.trim() || null, leadSource: source.trim() || "Web" });
  };
  return (
    <form onSubmit={save} data-testid="salesforce-record-settings">
      <h3>Records Baton writes</h3>
      <label>
        Each lead becomes a
        <select value={object} onChange={(e) => setObject(e.currentTarget.value as typeof object)}>
          <option value="Lead">Lead</option>
          <option value="Contact">Contact</option>
        </select>
      </label>
      <label>
        Matched Account lookup field (API name; Contacts use AccountId when empty)
        <input
          value={lookup}
          pattern="[A-Za-z][A-Za-z0-9_]{0,79}"
          placeholder="Matched_Account__c"
          onInput={(e) => setLookup(e.currentTarget.value)}
        />
      </label>
      <label>
        LeadSource on new records
        <input value={source} maxLength={40} onInput={(e) => setSource(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" disabled={busy}>
          Save record settings
        </button>
      </div>
    </form>
  );
}
