import type { ComponentType } from "preact";
import { Dashboard } from "./Dashboard";

/** What every screen gets from the shell. */
export type ScreenProps = {
  token: string;
  /** Hash path parts after the screen's own, e.g. `#/leads/abc` → ["abc"]. */
  params: string[];
  /** Reports a failed call: signs out on 401, returns the message to show otherwise. */
  onError: (err: unknown) => string;
};

export type Screen = { path: string; label: string; component: ComponentType<ScreenProps> };

/** The navigation, in order; the first one is the landing screen. */
export const screens: Screen[] = [{ path: "versions", label: "Versions", component: Dashboard }];
