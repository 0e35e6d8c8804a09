import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, describeError } from "./api";
import { Feedback } from "./components/Feedback";
import { fetchRole, RoleContext, type DashboardRole } from "./role";
import { parseHash, type Route } from "./route";
import { screens, type ScreenProps } from "./screens";

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

type Props = { token: string; onUnauthorized: (reason: string) => void };

/** The credential's role, or the message of a failed read (a 401 signs out through onError). */
function useRole(token: string, onError: (err: unknown) => string) {
  const [role, setRole] = useState<DashboardRole | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchRole(token).then(setRole, (err) => setError(onError(err)));
  }, [token, onError]);
  return { role, error };
}

/**
 * Signed-in layout: the section navigation and the screen the hash points at. Nothing shows
 * until the role is known, so an analyst never sees a write action flash by; an analyst gets
 * only the screens it may read, each with its writes hidden.
 */
export function Shell({ token, onUnauthorized }: Props) {
  const { parts, query } = useHashRoute();
  const [first, ...rest] = parts;

  // A 401 from any screen signs out; other errors stay with the screen that raised them.
  const onError = useCallback(
    (err: unknown): string => {
      if (err instanceof ApiError && err.status === 401) onUnauthorized(describeError(err));
      return describeError(err);
    },
    [onUnauthorized],
  );
  const { role, error } = useRole(token, onError);
  if (!role) return <Feedback status={error ? null : "Loading…"} error={error} />;

  const open = role === "admin" ? screens : screens.filter((s) => s.analyst);
  const screen = open.find((s) => s.path === first) ?? open[0]!;

  const own = screen.path === first;
  const props: ScreenProps = { token, params: own ? rest : [], query: own ? query : {}, onError };
  const Screen = screen.component;
  return (
    <RoleContext.Provider value={role}>
      {role === "analyst" && (
        <p class="muted" data-testid="read-only">
          Signed in as an analyst: read-only.
        </p>
      )}
      <div class="shell">
        <nav class="sidenav" aria-label="Sections">
          <ul>
            {open.map((s) => (
              <li key={s.path}>
                <a href={`#/${s.path}`} aria-current={s === screen ? "page" : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="screen">
          <Screen {...props} />
        </div>
      </div>
    </RoleContext.Provider>
  );
}
