import { useState } from 'react';
import { errorText } from '../api/http.adapter.js';
import type { CameraDto } from '../api/contracts.js';
import { useSession } from '../api/session.js';
import { createPublisherToken } from '../api/whip.adapter.js';
import { can } from '../lib/access.js';
import { whipUrl } from '../lib/whip-publish.js';
import { CopyField } from './copy-field.js';

/** The WHIP URL of `camera` and a publisher token for OBS Studio, a robot or another device; the token is shown once. */
export function PublishRemotePanel({ camera }: { camera: CameraDto }) {
  const [confirming, setConfirming] = useState(false);
  // The button that was pressed disappears: focus goes to what replaced it, so keyboard users keep their place.
  const [cancelled, setCancelled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { role } = useSession();

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const reply = await createPublisherToken(camera.id);
      setToken(reply.token);
      setConfirming(false);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="publish-remote-title" data-testid="publish-remote">
      <h2 id="publish-remote-title">Publish from another device</h2>
      <p className="muted">
        OBS Studio, a robot or any other WHIP publisher can send video to {camera.name} with this URL and a publisher
        token for this camera.
      </p>
      <CopyField id="publish-whip-url" label="WHIP URL" value={whipUrl(window.location.origin, camera.id)} testId="publish-whip-url" />
      {!can(role, 'publishTokens') ? (
        <p className="muted" data-testid="publish-token-not-allowed">An admin creates publisher tokens.</p>
      ) : token ? (
        <>
          <CopyField id="publish-token" label="Publisher token" value={token} testId="publish-token" autoFocus />
          <p className="notice" role="status">
            Copy it now: Vigil shows this token only once. In OBS Studio choose Settings → Stream → Service “WHIP”,
            enter the URL as Server and the token as Bearer Token. A robot sends it as <code>Authorization: Bearer …</code>.
          </p>
        </>
      ) : confirming ? (
        <div role="group" aria-labelledby="publish-token-warning">
          <p id="publish-token-warning" className="notice">
            A new token replaces the camera’s current one: a device that still uses the old token can no longer publish.
          </p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void create()} data-testid="publish-token-confirm"
              autoFocus>
              {busy ? 'Creating…' : 'Create the token'}
            </button>
            <button type="button" disabled={busy} onClick={() => (setConfirming(false), setCancelled(true))}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} data-testid="publish-token-create" autoFocus={cancelled}>
          Create publisher token
        </button>
      )}
      {error && (
        <p className="error-note" role="alert" data-testid="publish-token-error">
          {error}
        </p>
      )}
    </section>
  );
}
