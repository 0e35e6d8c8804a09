import type { ComponentType } from "preact";
import type { ScreenProps } from "../screens";
import { HubSpotSection } from "./HubSpotSection";
import { SalesforceSection } from "./SalesforceSection";

/** What every CRM section gets: the signed-in token and the screen's error reporter. */
export type CrmSectionProps = Pick<ScreenProps, "token" | "onError">;

/**
 * The CRMs Baton can connect, one section each, in this order. Each section owns its own
 * status, connect form, owner ↔ rep mapping and sync state; another CRM is one more entry here
 * and one more section component. One CRM per deployment: the server refuses a second one.
 */
export const crmSections: { id: string; title: string; component: ComponentType<CrmSectionProps> }[] = [
  { id: "hubspot", title: "HubSpot", component: HubSpotSection },
  { id: "salesforce", title: "Salesforce", component: SalesforceSection },
];

/**
 * `#/integrations`: connect the CRM, see whether it works, map its owners to reps and watch
 * the sync. HubSpot's OAuth install and Salesforce's approval page come back here.
 */
export function IntegrationsScreen({ token, onError }: ScreenProps) {
  return (
    <>
      <section class="card">
        <h1>Integrations</h1>
        <p class="muted">
          Baton reads contacts, companies and owners from your CRM to route leads, and writes each lead, its
          owner and its meetings back. Routing never waits on the CRM: when it is slow or down, leads are
          routed without it and the write-backs land later.
        </p>
      </section>
      {crmSections.map(({ id, title, component: Section }) => (
        <section key={id} class="card integration" aria-labelledby={`integration-${id}`} data-crm={id}>
          <h2 id={`integration-${id}`}>{title}</h2>
          <Section token={token} onError={onError} />
        </section>
      ))}
    </>
  );
}
