import { useState } from "preact/hooks";
import { Shell } from "./Shell";
import { SignIn } from "./SignIn";

// sessionStorage: the token survives a reload but not the closing of the tab.
const TOKEN_KEY = "baton.adminToken";

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage blocked: the visitor signs in on every load
  }
}

/** Signed out: the token prompt. Signed in: the dashboard. A 401 anywhere signs out. */
export function App() {
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = (value: string) => {
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      // keep it in memory only
    }
    setNotice(null);
    setToken(value);
  };
  const signOut = (reason?: string) => {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
    setNotice(reason ?? null);
    setToken(null);
  };

  return (
    <>
      <header class="topbar">
        <span class="brand">Baton</span>
        <span class="muted">Admin</span>
        {token && (
          <button type="button" class="link" onClick={() => signOut()}>
            Sign out
          </button>
        )}
      </header>
      <main>
        {token ? (
          <Shell token={token} onUnauthorized={signOut} />
        ) : (
          <SignIn onSignIn={signIn} notice={notice} />
        )}
      </main>
    </>
  );
}
