import { useCallback, useMemo, useState } from "preact/hooks";
import { Feedback, Loading } from "../components/Feedback";
import { useAction, useLoaded } from "../components/hooks";
import { useDirectory } from "../data/directory";
import { formatWhen, humanize } from "../data/format";
import { hubspotApi, type CrmSettingsInput, type CrmStatus } from "./api";
import type { CrmSectionProps } from "./IntegrationsScreen";
import { FieldMapping } from "./FieldMapping";
import { OwnerMapping } from "./OwnerMapping";

/** HubSpot: connect (private-app token or OAuth install), status, owners ↔ reps, sync state. */
export function HubSpotSection({ token, onError }: CrmSectionProps) {
  const api = useMemo(() => hubspotApi(token), [token]);
  const dir = useDirectory(token);
  const fetchStatus = useCallback(() => api.status(), [api]);
  const { data, setData, error: loadError, load } = useLoaded(fetchStatus, onError);
  const { busy, status, error: actionError, run } = useAction(onError);
  const error = actionError ?? loadError;

  const test = () =>
    run(async () => {
      const r = await api.test();
      await load();
      return r.ok ? `Connection works: ${r.detail}.` : `Connection failed: ${r.detail}`;
    });
  const disconnect = () =>
    run(async () => {
      await api.disconnect();
      await load();
      return "Disconnected. Write-backs still pending land after you connect again.";
    });
  const save = (change: Partial<CrmSettingsInput>, done: string) =>
    run(async () => {
      if (!data) return;
      setData(await api.saveSettings({ ...data.settings, ...change }));
      return done;
    });

  return (
    <div data-testid="hubspot-section">
      <Loading done={!!data || !!error} />
      <Feedback status={status} error={error} />
      {data && <StatusList status={data} />}
      {data && !data.connected && data.otherCrm && (
        <p class="muted" data-testid="hubspot-other-crm">
          {data.otherCrm === "salesforce" ? "Salesforce" : data.otherCrm} is connected. Baton syncs one CRM
          per deployment: disconnect it before connecting HubSpot.
        </p>
      )}
      {data && !data.connected && !data.otherCrm && (
        <ConnectForm
          oauthAvailable={data.oauthAvailable}
          busy={busy}
          run={run}
          api={api}
          onConnected={setData}
        />
      )}
      {data?.connected && (
        <>
          <div class="actions">
            <button type="button" disabled={busy} onClick={test}>
              Test connection
            </button>
            <button type="button" class="danger" disabled={busy} onClick={disconnect}>
              Disconnect HubSpot
            </button>
          </div>
          <OwnerMapping
            owners={data.owners}
            overrides={data.settings.ownerOverrides}
            reps={dir.reps}
            busy={busy}
            onSave={(ownerOverrides) => save({ ownerOverrides }, "Owner mapping saved.")}
          />
          <FieldMapping
            mapping={data.settings.fieldMapping}
            busy={busy}
            onSave={(fieldMapping) => save({ fieldMapping }, "Field mapping saved.")}
          />
        </>
      )}
    </div>
  );
}

/** Connection and sync state, as the server reports it. */
function StatusList({ status: s }: { status: CrmStatus }) {
  const writeBacks = Object.entries(s.writeBacks);
  return (
    <dl class="fields" data-testid="hubspot-status">
      <div>
        <dt>Connection</dt>
        <dd>
          <span
            class={`badge ${s.connected && s.status === "connected" ? "status-connected" : "status-failed"}`}
          >
            {s.connected ? humanize(s.status ?? "connected") : "Not connected"}
          </span>
          {s.authKind && ` via ${s.authKind === "oauth" ? "OAuth app" : "private-app token"}`}
          {s.portalId && ` · portal ${s.portalId}`}
        </dd>
      </div>
      {s.lastError && (
        <div>
          <dt>Needs attention</dt>
          <dd class="warn">{s.lastError}</dd>
        </div>
      )}
      <div>
        <dt>Last account sync</dt>
        <dd>
          {s.lastSyncAt ? formatWhen(s.lastSyncAt) : "Not yet"}
          {s.lastSyncError && <span class="warn"> · {s.lastSyncError}</span>}
        </dd>
      </div>
      <div>
        <dt>Write-backs</dt>
        <dd data-testid="hubspot-writebacks">
          {writeBacks.length === 0
            ? "None yet"
            : writeBacks.map(([k, n]) => `${humanize(k)} ${n}`).join(" · ")}
        </dd>
      </div>
    </dl>
  );
}

type ConnectProps = {
  oauthAvailable: boolean;
  busy: boolean;
  run: (action: () => Promise<string | void>) => Promise<boolean>;
  api: ReturnType<typeof hubspotApi>;
  onConnected: (status: CrmStatus) => void;
};

/** A private-app token (stored encrypted), or the OAuth install when the app is configured. */
function ConnectForm({ oauthAvailable, busy, run, api, onConnected }: ConnectProps) {
  const [secret, setSecret] = useState("");
  const [portal, setPortal] = useState("");
  const connect = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = { privateAppToken: secret.trim(), ...(portal.trim() ? { portalId: portal.trim() } : {}) };
      onConnected(await api.connect(body));
      setSecret("");
      return "HubSpot connected.";
    });
  };
  const install = () =>
    run(async () => {
      const { url } = await api.startOAuth();
      window.location.assign(url);
      return "Opening HubSpot…";
    });
  return (
    <form class="connect" onSubmit={connect}>
      <h3>Connect with a private-app token</h3>
      <p class="muted">
        In HubSpot: Settings → Integrations → Private apps, with the contacts, companies and owners scopes.
        The token is stored encrypted.
      </p>
      <label>
        Private-app token
        <input
          type="password"
          autocomplete="off"
          required
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <label>
        Portal id (optional, for record links)
        <input inputMode="numeric" value={portal} onInput={(e) => setPortal(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" disabled={busy || secret.trim().length < 8}>
          Connect HubSpot
        </button>
        {oauthAvailable && (
          <button type="button" class="secondary" disabled={busy} onClick={install}>
            Install the HubSpot app (OAuth)
          </button>
        )}
      </div>
    </form>
  );
}
