import { useCallback, useMemo } from "preact/hooks";
import { Feedback, Loading } from "../components/Feedback";
import { useAction, useLoaded } from "../components/hooks";
import { useDirectory } from "../data/directory";
import { formatWhen, humanize } from "../data/format";
import { salesforceApi, type SalesforceSettingsPatch, type SalesforceStatus } from "./api";
import type { CrmSectionProps } from "./IntegrationsScreen";
import { FieldMapping } from "./FieldMapping";
import { OwnerMapping } from "./OwnerMapping";
import { RecordSettings, SalesforceConnect } from "./SalesforceConnect";

/**
 * Salesforce: connect (the approval page, or server-to-server as an integration user), status,
 * users ↔ reps, which record a lead becomes, field mapping and sync state. One CRM per
 * deployment: while HubSpot is connected this section says so instead of offering to connect.
 */
export function SalesforceSection({ token, onError }: CrmSectionProps) {
  const api = useMemo(() => salesforceApi(token), [token]);
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
  const save = (patch: SalesforceSettingsPatch, done: string) =>
    run(async () => {
      setData(await api.saveSettings(patch));
      return done;
    });

  return (
    <div data-testid="salesforce-section">
      <Loading done={!!data || !!error} />
      <Feedback status={status} error={error} />
      {data && <StatusList status={data} />}
      {data && !data.connected && data.otherCrm && (
        <p class="muted" data-testid="salesforce-other-crm">
          {crmName(data.otherCrm)} is connected. Baton syncs one CRM per deployment: disconnect{" "}
          {crmName(data.otherCrm)} before connecting Salesforce.
        </p>
      )}
      {data && !data.connected && !data.otherCrm && (
        <SalesforceConnect status={data} busy={busy} run={run} api={api} onConnected={setData} />
      )}
      {data?.connected && (
        <>
          <div class="actions">
            <button type="button" disabled={busy} onClick={test}>
              Test connection
            </button>
            <button type="button" class="danger" disabled={busy} onClick={disconnect}>
              Disconnect Salesforce
            </button>
          </div>
          <RecordSettings
            settings={data.settings}
            busy={busy}
            onSave={(patch) => save(patch, "Record settings saved.")}
          />
          <OwnerMapping
            crm={{ name: "Salesforce", owners: "users" }}
            owners={data.owners}
            overrides={data.settings.ownerOverrides}
            reps={dir.reps}
            busy={busy}
            onSave={(ownerOverrides) => save({ ownerOverrides }, "Owner mapping saved.")}
          />
          <FieldMapping
            target="Salesforce field"
            heading="Form fields → Salesforce fields"
            mapping={data.settings.fieldMapping}
            busy={busy}
            onSave={(fieldMapping) => save({ fieldMapping }, "Field mapping saved.")}
          />
        </>
      )}
    </div>
  );
}

const crmName = (id: string) => (id === "hubspot" ? "HubSpot" : humanize(id));

/** Connection and sync state, as the server reports it. */
function StatusList({ status: s }: { status: SalesforceStatus }) {
  const writeBacks = Object.entries(s.writeBacks);
  const via =
    s.authKind === "jwt" ? `server-to-server as ${s.username ?? "the integration user"}` : "approval (OAuth)";
  return (
    <dl class="fields" data-testid="salesforce-status">
      <div>
        <dt>Connection</dt>
        <dd>
          <span
            class={`badge ${s.connected && s.status === "connected" ? "status-connected" : "status-failed"}`}
          >
            {s.connected ? humanize(s.status ?? "connected") : "Not connected"}
          </span>
          {s.connected && ` via ${via}`}
          {s.orgId && ` · org ${s.orgId}`}
        </dd>
      </div>
      {s.instanceUrl && (
        <div>
          <dt>Instance</dt>
          <dd>{s.instanceUrl}</dd>
        </div>
      )}
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
        <dd data-testid="salesforce-writebacks">
          {writeBacks.length === 0
            ? "None yet"
            : writeBacks.map(([k, n]) => `${humanize(k)} ${n}`).join(" · ")}
        </dd>
      </div>
    </dl>
  );
}
