import { useEffect, useState } from "preact/hooks";
import type { RepMe } from "../../../worker/reps/contract";
import { ApiError } from "../api";
import { repApi } from "./api";
import { AwayPanel } from "./AwayPanel";
import { MyLeads } from "./MyLeads";
import { MyCalendar } from "./MyCalendar";
import { MyHours } from "./MyHours";
import { MyMeetings } from "./MyMeetings";

type State = { kind: "loading" } | { kind: "signed-out"; message?: string } | { kind: "in"; me: RepMe };

/** Reads `#signin=<token>` once and drops it from the address bar and history. */
function takeSigninToken(): string | null {
  const match = /^#signin=([\w.-]+)$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", location.pathname);
  return match[1]!;
}

/** The rep workspace: sign in by emailed link, then my leads, my meetings, "I'm out", my hours and calendar. */
export function RepApp() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const load = async () => {
    try {
      setState({ kind: "in", me: await repApi.me() });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ kind: "signed-out" });
      else setState({ kind: "signed-out", message: err instanceof Error ? err.message : String(err) });
    }
  };
  useEffect(() => {
    const token = takeSigninToken();
    if (!token) return void load();
    repApi
      .signIn(token)
      .then(load, (err: unknown) =>
        setState({ kind: "signed-out", message: err instanceof Error ? err.message : String(err) }),
      );
  }, []);

  if (state.kind === "loading") return <main class="card">Loading…</main>;
  if (state.kind === "signed-out") return <SignInByEmail message={state.message} />;
  const { me } = state;
  return (
    <>
      <header class="topbar">
        <span class="brand">Baton</span>
        <span class="muted">{me.rep.name}</span>
        <button
          type="button"
          class="link"
          onClick={async () => {
            await repApi.signOut().catch(() => undefined);
            setState({ kind: "signed-out" });
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <AwayPanel me={me} onChange={load} />
        <MyLeads />
        <MyMeetings />
        <MyHours />
        <MyCalendar />
      </main>
    </>
  );
}

function SignInByEmail({ message }: { message?: string }) {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState(message ?? "");
  return (
    <main class="card signin">
      <h1>Your Baton workspace</h1>
      {sent ? (
        <p role="status">
          If {email} belongs to a rep, a sign-in link is on its way. It works once, for 15 minutes.
        </p>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await repApi.askLink(email);
              setSent(true);
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
          }}
        >
          <p>We email you a link that signs you in. Links in your lead notices sign you in too.</p>
          <label for="rep-email">Work email</label>
          <input
            id="rep-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <button type="submit">Email me a sign-in link</button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
