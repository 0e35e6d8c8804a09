import type { ComponentChildren } from "preact";
import { useCallback } from "preact/hooks";
import { Feedback, Loading } from "../components/Feedback";
import { useAction, useLoaded } from "../components/hooks";
import { useDirectory } from "../data/directory";
import { formatWhen, humanize } from "../data/format";
import type { CrmStatus, SalesforceStatus, TestResult } from "./api";
import type { CrmSectionProps } from "./IntegrationsScreen";
import { FieldMapping } from "./FieldMapping";
import { OwnerMapping } from "./OwnerMapping";

/** What every CRM's status shares; each CRM adds its own connection details. */
export type AnyCrmStatus = CrmStatus | SalesforceStatus;
type Run = (action: () => Promise<string | void>) => Promise<boolean>;

/** The admin calls every CRM section makes; settings are merged on the server (send what changes). */
export type CrmAdminApi<S extends AnyCrmStatus> = {
  status(): Promise<S>;
  test(): Promise<TestResult>;
  disconnect(): Promise<unknown>;
  saveSettings(patch: Partial<S["settings"]>): Promise<S>;
};

export type CrmSectionSpec<S extends AnyCrmStatus> = {
  /** Also the prefix of the section's test ids (`<id>-section`, `<id>-status`, …). */
  id: string;
  name: string;
  /** What the CRM calls an owner: "owners" (HubSpot), "users" (Salesforce). */
  owners: string;
  api: CrmAdminApi<S>;
  /** "via … · portal …": how it is connected, shown after the state. */
  connection: (s: S) => string;
  /** Rows the CRM adds after the connection row (Salesforce's instance). */
  rows?: (s: S) => [term: string, value: string][];
  connect: (p: { status: S; busy: boolean; run: Run; onConnected: (s: S) => void }) => ComponentChildren;
  /** Settings of this CRM's own, above the owner and field mappings. */
  settings?: (p: {
    status: S;
    busy: boolean;
    save: (patch: Partial<S["settings"]>, done: string) => void;
  }) => ComponentChildren;
  fieldMapping?: { target: string; heading: string };
};

const crmName = (id: string) =>
  id === "hubspot" ? "HubSpot" : id === "salesforce" ? "Salesforce" : humanize(id);

/**
 * One CRM on the Integrations screen: status, connect (when no other CRM is connected), test,
 * disconnect, its own settings, owners ↔ reps and field mapping. HubSpot and Salesforce differ
 * only in what `spec` passes in.
 */
export function CrmSection<S extends AnyCrmStatus>({
  token,
  onError,
  spec,
}: CrmSectionProps & { spec: CrmSectionSpec<S> }) {
  const { api } = spec;
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
  const save = (patch: Partial<S["settings"]>, done: string) =>
    void run(async () => {
      setData(await api.saveSettings(patch));
      return done;
    });

  return (
    <div data-testid={`${spec.id}-section`}>
      <Loading done={!!data || !!error} />
      <Feedback status={status} error={error} />
      {data && <StatusList spec={spec} status={data} />}
      {data && !data.connected && data.otherCrm && (
        <p class="muted" data-testid={`${spec.id}-other-crm`}>
          {crmName(data.otherCrm)} is connected. Baton syncs one CRM per deployment: disconnect{" "}
          {crmName(data.otherCrm)} before connecting {spec.name}.
        </p>
      )}
      {data &&
        !data.connected &&
        !data.otherCrm &&
        spec.connect({ status: data, busy, run, onConnected: setData })}
      {data?.connected && (
        <>
          <div class="actions">
            <button type="button" disabled={busy} onClick={test}>
              Test connection
            </button>
            <button type="button" class="danger" disabled={busy} onClick={disconnect}>
              Disconnect {spec.name}
            </button>
          </div>
          {spec.settings?.({ status: data, busy, save })}
          <OwnerMapping
            crm={{ name: spec.name, owners: spec.owners }}
            owners={data.owners}
            overrides={data.settings.ownerOverrides}
            reps={dir.reps}
            busy={busy}
            onSave={(ownerOverrides) =>
              save({ ownerOverrides } as Partial<S["settings"]>, "Owner mapping saved.")
            }
          />
          <FieldMapping
            {...spec.fieldMapping}
            mapping={data.settings.fieldMapping}
            busy={busy}
            onSave={(fieldMapping) =>
              save({ fieldMapping } as Partial<S["settings"]>, "Field mapping saved.")
            }
          />
        </>
      )}
    </div>
  );
}

/** Connection and sync state, as the server reports it. */
function StatusList<S extends AnyCrmStatus>({ spec, status: s }: { spec: CrmSectionSpec<S>; status: S }) {
  const writeBacks = Object.entries(s.writeBacks);
  const connection = spec.connection(s);
  return (
    <dl class="fields" data-testid={`${spec.id}-status`}>
      <div>
        <dt>Connection</dt>
        <dd>
          <span
            class={`badge ${s.connected && s.status === "connected" ? "status-connected" : "status-failed"}`}
          >
            {s.connected ? humanize(s.status ?? "connected") : "Not connected"}
          </span>
          {connection && ` ${connection}`}
        </dd>
      </div>
      {spec.rows?.(s).map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
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
        <dd data-testid={`${spec.id}-writebacks`}>
          {writeBacks.length === 0
            ? "None yet"
            : writeBacks.map(([k, n]) => `${humanize(k)} ${n}`).join(" · ")}
        </dd>
      </div>
    </dl>
  );
}
