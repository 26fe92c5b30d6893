import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import { session, useSession } from '../api/session.js';

/** The API token (printed at Vigil's first start, kept in `data/api-token`) and the name shown in timelines. */
export function SignInPage() {
  const { actor: knownActor, notice } = useSession();
  const [token, setToken] = useState('');
  const [actor, setActor] = useState(knownActor);
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    const name = actor.trim();
    if (!trimmed || !name) return setError(!trimmed ? 'Enter the API token.' : 'Enter your name.');
    setBusy(true);
    setError(null);
    try {
      if (await api.tokenAccepted(trimmed)) session.signIn(trimmed, name);
      else setError('That token was not accepted. Check it and try again.');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form onSubmit={(e) => void submit(e)} data-testid="sign-in-form" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Vigil</h1>
        <p className="muted">Sign in with the API token. Vigil prints it at its first start and keeps it in <code>data/api-token</code>.</p>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)}
          data-testid="sign-in-token" required autoFocus />
        <label htmlFor="actor">Your name</label>
        <input id="actor" type="text" autoComplete="name" value={actor} onChange={(e) => setActor(e.target.value)}
          data-testid="sign-in-actor" required maxLength={200} />
        <p className="hint">Shown in alert timelines when you acknowledge or resolve an alert.</p>
        {error && (
          <p className="error-note" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
