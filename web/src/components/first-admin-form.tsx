import { useState, type FormEvent } from 'react';
import { createFirstAdmin } from '../api/auth.adapter.js';
import { MIN_PASSWORD_LENGTH, normalUsername, passwordProblem, usernameProblem } from '../lib/user-form.js';
import { signInFailure } from './password-sign-in.js';

/** First start: no user exists yet. The setup code in Vigil's log proves that whoever fills this in runs the server. */
export function FirstAdminForm() {
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = normalUsername(username);
    const problem = !code.trim() ? 'Enter the setup code from Vigil’s log.' : usernameProblem(name) ?? passwordProblem(password);
    if (problem) return setError(problem.startsWith('At least') ? `Password: ${problem}` : problem);
    setBusy(true);
    setError(null);
    try {
      await createFirstAdmin({ code: code.trim(), username: name, password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
    } catch (failure) {
      setError(signInFailure(failure));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="setup-form" aria-labelledby="setup-title">
      <h1 id="setup-title">Create the first admin</h1>
      <p className="muted">
        Vigil has no users yet. Its log shows a one-time setup code at first start; enter it with the name and password of
        the first administrator.
      </p>
      <label htmlFor="setup-code">Setup code</label>
      <input id="setup-code" type="text" autoComplete="one-time-code" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)}
        data-testid="setup-code" required autoFocus />
      <label htmlFor="setup-username">Username</label>
      <input id="setup-username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username}
        onChange={(e) => setUsername(e.target.value)} data-testid="setup-username" required aria-describedby="setup-username-hint" />
      <p className="hint" id="setup-username-hint">Lower-case letters and digits, also . _ @ -</p>
      <label htmlFor="setup-display-name">Display name (optional)</label>
      <input id="setup-display-name" type="text" autoComplete="name" value={displayName} maxLength={200}
        onChange={(e) => setDisplayName(e.target.value)} data-testid="setup-display-name" />
      <label htmlFor="setup-password">Password</label>
      <input id="setup-password" type="password" autoComplete="new-password" value={password} minLength={MIN_PASSWORD_LENGTH}
        onChange={(e) => setPassword(e.target.value)} data-testid="setup-password" required aria-describedby="setup-password-hint" />
      <p className="hint" id="setup-password-hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
      {error && (
        <p className="error-note" role="alert" data-testid="setup-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="setup-submit">
        {busy ? 'Creating…' : 'Create admin and sign in'}
      </button>
    </form>
  );
}
