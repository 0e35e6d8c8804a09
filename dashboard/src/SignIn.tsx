import { useState } from "preact/hooks";
import { describeError } from "./api";
import { configApi } from "./config/api";

type Props = { onSignIn: (token: string) => void; notice: string | null };

/** Asks for the admin token and checks it against the API before keeping it. */
export function SignIn({ onSignIn, notice }: Props) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const token = value.trim();
    if (!token) return setError("Enter your admin token.");
    setBusy(true);
    try {
      await configApi(token).versions();
      onSignIn(token);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <form class="card signin" onSubmit={onSubmit} noValidate>
      <h1>Sign in</h1>
      <p class="muted">
        Paste the <code>ADMIN_TOKEN</code> secret or an API token. It is kept for this tab only.
      </p>
      <label for="token">Admin token</label>
      <input
        id="token"
        type="password"
        autoComplete="current-password"
        value={value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? "token-error" : undefined}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      {error && (
        <p id="token-error" class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Sign in"}
      </button>
    </form>
  );
}
