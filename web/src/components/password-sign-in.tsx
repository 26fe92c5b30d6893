import { useState, type FormEvent } from 'react';
import { signInWithPassword } from '../api/auth.adapter.js';
import { ApiError, errorText } from '../api/http.adapter.js';
import { retryAfterSeconds, tooManyAttemptsMessage } from '../lib/retry-after.js';

/** Why a sign-in (or first-admin) request was refused, in words; a 429 says how long to wait. */
export function signInFailure(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 429) return tooManyAttemptsMessage(retryAfterSeconds(failure.retryAfter, Date.now()));
  if (failure instanceof ApiError && failure.status === 401) return failure.message || 'Wrong username or password.';
  return errorText(failure);
}

/** Username and password: Vigil answers with an httpOnly session cookie. */
export function PasswordSignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim();
    if (!name || !password) return setError(!name ? 'Enter your username.' : 'Enter your password.');
    setBusy(true);
    setError(null);
    try {
      await signInWithPassword(name, password);
    } catch (failure) {
      setError(signInFailure(failure));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="password-form" aria-labelledby="password-title">
      <h1 id="password-title">Vigil</h1>
      <p className="muted">Sign in with your username and password.</p>
      <label htmlFor="username">Username</label>
      <input id="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username}
        onChange={(e) => setUsername(e.target.value)} data-testid="sign-in-username" required autoFocus />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)}
        data-testid="sign-in-password" required />
      {error && (
        <p className="error-note" role="alert" data-testid="sign-in-password-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="sign-in-password-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
