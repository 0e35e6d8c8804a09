import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, describeError } from "./api";
import { screens, type ScreenProps } from "./screens";

/** `#/leads/abc` → ["leads", "abc"]. Hash routes keep the static-asset server dumb. */
function parseHash(hash: string): string[] {
  return hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .map((part) => decodeURIComponent(part));
}

function useHashRoute(): string[] {
  const [parts, setParts] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setParts(parseHash(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return parts;
}

type Props = { token: string; onUnauthorized: (reason: string) => void };

/** Signed-in layout: the section navigation and the screen the hash points at. */
export function Shell({ token, onUnauthorized }: Props) {
  const [first, ...rest] = useHashRoute();
  const screen = screens.find((s) => s.path === first) ?? screens[0]!;

  // A 401 from any screen signs out; other errors stay with the screen that raised them.
  const onError = useCallback(
    (err: unknown): string => {
      if (err instanceof ApiError && err.status === 401) onUnauthorized(describeError(err));
      return describeError(err);
    },
    [onUnauthorized],
  );

  const props: ScreenProps = { token, params: screen.path === first ? rest : [], onError };
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
