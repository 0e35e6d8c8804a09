import { useMemo } from "preact/hooks";
import { salesforceApi, type SalesforceStatus } from "./api";
import { CrmSection, type CrmSectionSpec } from "./CrmSection";
import type { CrmSectionProps } from "./IntegrationsScreen";
import { RecordSettings, SalesforceConnect } from "./SalesforceConnect";

/**
 * Salesforce: connect (the approval page, or server-to-server as an integration user), status,
 * users ↔ reps, which record a lead becomes, field mapping and sync state. One CRM per
 * deployment: while HubSpot is connected this section says so instead of offering to connect.
 */
export function SalesforceSection({ token, onError }: CrmSectionProps) {
  const spec = useMemo((): CrmSectionSpec<SalesforceStatus> => {
    const api = salesforceApi(token);
    return {
      id: "salesforce",
      name: "Salesforce",
      owners: "users",
      api,
      connection: (s) =>
        [
          s.connected &&
            `via ${s.authKind === "jwt" ? `server-to-server as ${s.username ?? "the integration user"}` : "approval (OAuth)"}`,
          s.orgId && `org ${s.orgId}`,
        ]
          .filter(Boolean)
          .join(" · "),
      rows: (s) => (s.instanceUrl ? [["Instance", s.instanceUrl]] : []),
      connect: ({ status, busy, run, onConnected }) => (
        <SalesforceConnect status={status} busy={busy} run={run} api={api} onConnected={onConnected} />
      ),
      settings: ({ status, busy, save }) => (
        <RecordSettings
          settings={status.settings}
          busy={busy}
          onSave={(patch) => save(patch, "Record settings saved.")}
        />
      ),
      fieldMapping: { target: "Salesforce field", heading: "Form fields → Salesforce fields" },
    };
  }, [token]);
  return <CrmSection token={token} onError={onError} spec={spec} />;
}
