import { useMemo, useState } from "preact/hooks";
import { hubspotApi, type CrmStatus } from "./api";
import { CrmSection, type CrmSectionSpec } from "./CrmSection";
import type { CrmSectionProps } from "./IntegrationsScreen";

/** HubSpot: connect (private-app token or OAuth install), status, owners ↔ reps, sync state. */
export function HubSpotSection({ token, onError }: CrmSectionProps) {
  const spec = useMemo((): CrmSectionSpec<CrmStatus> => {
    const api = hubspotApi(token);
    return {
      id: "hubspot",
      name: "HubSpot",
      owners: "owners",
      api,
      connection: (s) =>
        [
          s.authKind && `via ${s.authKind === "oauth" ? "OAuth app" : "private-app token"}`,
          s.portalId && `portal ${s.portalId}`,
        ]
          .filter(Boolean)
          .join(" · "),
      connect: ({ status, busy, run, onConnected }) => (
        <ConnectForm
          oauthAvailable={status.oauthAvailable}
          busy={busy}
          run={run}
          api={api}
          onConnected={onConnected}
        />
      ),
    };
  }, [token]);
  return <CrmSection token={token} onError={onError} spec={spec} />;
}

type ConnectProps = {
  oauthAvailable: boolean;
  busy: boolean;
  run: (action: () => Promise<string | void>) => Promise<boolean>;
  api: ReturnType<typeof hubspotApi>;
  onConnected: (status: CrmStatus) => void;
};

/** A private-app token (stored encrypted), or the OAuth install when the app is configured. */
function ConnectForm({ oauthAvailable, busy, run, api, onConnected }: ConnectProps) {
  const [secret, setSecret] = useState("");
  const [portal, setPortal] = useState("");
  const connect = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body = { privateAppToken: secret.trim(), ...(portal.trim() ? { portalId: portal.trim() } : {}) };
      onConnected(await api.connect(body));
      setSecret("");
      return "HubSpot connected.";
    });
  };
  const install = () =>
    run(async () => {
      const { url } = await api.startOAuth();
      window.location.assign(url);
      return "Opening HubSpot…";
    });
  return (
    <form class="connect" onSubmit={connect}>
      <h3>Connect with a private-app token</h3>
      <p class="muted">
        In HubSpot: Settings → Integrations → Private apps, with the contacts, companies and owners scopes.
        The token is stored encrypted.
      </p>
      <label>
        Private-app token
        <input
          type="password"
          autocomplete="off"
          required
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <label>
        Portal id (optional, for record links)
        <input inputMode="numeric" value={portal} onInput={(e) => setPortal(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" disabled={busy || secret.trim().length < 8}>
          Connect HubSpot
        </button>
        {oauthAvailable && (
          <button type="button" class="secondary" disabled={busy} onClick={install}>
            Install the HubSpot app (OAuth)
          </button>
        )}
      </div>
    </form>
  );
}
