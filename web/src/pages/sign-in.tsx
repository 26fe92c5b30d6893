import { useEffect, useState, type FormEvent } from 'react';
import { setupNeeded, signInWithToken } from '../api/auth.adapter.js';
import { errorText } from '../api/http.adapter.js';
import { useSession } from '../api/session.js';
import { FirstAdminForm } from '../components/first-admin-form.js';
import { PasswordSignIn } from '../components/password-sign-in.js';

/** The second way in: the root API token (printed at Vigil's first start, kept in `data/api-token`) or a personal one. */
function TokenSignIn() {
  const { actor: knownActor } = useSession();
  const [token, setToken] = useState('');
  const [actor, setActor] = useState(knownActor);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    const name = actor.trim();
    if (!trimmed || !name) return setError(!trimmed ? 'Enter the API token.' : 'Enter your name.');
    setBusy(true);
    setError(null);
    try {
      if (!(await signInWithToken(trimmed, name))) setError('That token was not accepted. Check it and try again.');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="sign-in-form" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in with an API token</h2>
      <p className="muted">
        Vigil prints its root API token at first start and keeps it in <code>data/api-token</code>; personal tokens are
        made on the Tokens page.
      </p>
      <label htmlFor="token">API token</label>
      <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)}
        data-testid="sign-in-token" required />
      <label htmlFor="actor">Your name</label>
      <input id="actor" type="text" autoComplete="name" value={actor} onChange={(e) => setActor(e.target.value)}
        data-testid="sign-in-actor" required maxLength={200} />
      <p className="hint">Shown in alert timelines when you acknowledge or resolve an alert.</p>
      {error && (
        <p className="error-note" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} data-testid="sign-in-submit">
        {busy ? 'Checking…' : 'Sign in with token'}
      </button>
    </form>
  );
}

/** Username and password (or, on first start, the form for the first admin), and the API token as a second way. */
export function SignInPage() {
  const { notice } = useSession();
  const [setup, setSetup] = useState<boolean | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setupNeeded().then(
      (needed) => current && setSetup(needed),
      (failure: unknown) => current && (setSetup(false), setSetupError(errorText(failure))),
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-stack">
        {notice && (
          <p className="notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        {setupError && <p className="error-note" role="alert">{setupError}</p>}
        {setup === null ? <p className="muted">Asking Vigil…</p> : setup ? <FirstAdminForm /> : <PasswordSignIn />}
        <TokenSignIn />
      </div>
    </main>
  );
}
