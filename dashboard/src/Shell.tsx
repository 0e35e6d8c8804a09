import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, describeError } from "./api";
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

/** Signed-in layout: the section navigation and the screen the hash points at. */
export function Shell({ token, onUnauthorized }: Props) {
  const { parts, query } = useHashRoute();
  const [first, ...rest] = parts;
  const screen = screens.find((s) => s.path === first) ?? screens[0]!;

  // A 401 from any screen signs out; other errors stay with the screen that raised them.
  const onError = useCallback(
    (err: unknown): string => {
      if (err instanceof ApiError && err.status === 401) onUnauthorized(describeError(err));
      return describeError(err);
    },
    [onUnauthorized],
  );

  const own = screen.path === first;
  const props: ScreenProps = { token, params: own ? rest : [], query: own ? query : {}, onError };
  const Screen = screen.component;
  return (
    <div class="shell">
      <nav class="sidenav" aria-label="Sections">
        <ul>
          {screens.map((s) => (
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
  );
}
