import type { ComponentType } from "preact";
import { AuditScreen } from "./config/AuditScreen";
import { ConfigScreen } from "./config/ConfigScreen";
import { PublishScreen } from "./config/PublishScreen";
import { TestLeadScreen } from "./config/TestLeadScreen";
import { Dashboard } from "./Dashboard";
import { AccountsScreen } from "./screens/accounts";
import { AnalyticsScreen } from "./screens/analytics";
import { AwayScreen } from "./screens/away";
import { DeliveriesScreen } from "./screens/deliveries";
import { EventListsScreen } from "./screens/event-lists";
import { InsightsScreen } from "./screens/insights";
import { IntegrationsScreen } from "./integrations/IntegrationsScreen";
import { LeadsScreen } from "./screens/leads";
import { PrivacyScreen } from "./screens/privacy";

/** What every screen gets from the shell. */
export type ScreenProps = {
  token: string;
  /** Hash path parts after the screen's own, e.g. `#/leads/abc` → ["abc"]. */
  params: string[];
  /** The hash's query, e.g. `#/leads?status=routed` → { status: "routed" }. */
  query: Readonly<Record<string, string>>;
  /** Reports a failed call: signs out on 401, returns the message to show otherwise. */
  onError: (err: unknown) => string;
};

/** `analyst`: the screen reads only what an analyst may read, and hides its writes for one. */
export type Screen = { path: string; label: string; component: ComponentType<ScreenProps>; analyst?: true };

/** The navigation, in order; the first one is the landing screen. */
export const screens: Screen[] = [
  { path: "versions", label: "Versions", component: Dashboard, analyst: true },
  // Config screens: edit the draft, test a lead against it, publish it, see who changed what.
  { path: "config", label: "Config", component: ConfigScreen },
  { path: "test-lead", label: "Test a lead", component: TestLeadScreen },
  { path: "publish", label: "Publish", component: PublishScreen },
  { path: "audit", label: "Audit log", component: AuditScreen },
  // Data screens: what happened to leads, and the data around them.
  { path: "leads", label: "Leads", component: LeadsScreen, analyst: true },
  { path: "analytics", label: "Analytics", component: AnalyticsScreen, analyst: true },
  { path: "insights", label: "Insights", component: InsightsScreen, analyst: true },
  { path: "away", label: "Reps out", component: AwayScreen },
  { path: "accounts", label: "Accounts", component: AccountsScreen },
  { path: "event-lists", label: "Event lists", component: EventListsScreen },
  { path: "deliveries", label: "Deliveries", component: DeliveriesScreen },
  // Connections to outside systems (CRMs), each in its own section.
  { path: "integrations", label: "Integrations", component: IntegrationsScreen },
  { path: "privacy", label: "Privacy", component: PrivacyScreen },
];
