import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import type { ApiTokenDto, ApiTokenListDto, Scope, TokenCreate, ApiTokenCreatedDto } from '../api/contracts.js';
import { useSession } from '../api/session.js';
import { ErrorNote } from '../components/badges.js';
import { CopyField } from '../components/copy-field.js';
import { useNow, useResource } from '../components/use-resource.js';
import { can } from '../lib/access.js';
import { formatTime } from '../lib/format.js';
import {
  EXPIRY_CHOICES,
  expiresAtFor,
  SCOPE_LABEL,
  scopeChoices,
  scopesUpTo,
  tokenState,
  topScope,
  type ExpiryChoice,
} from '../lib/token-scopes.js';

const STATE_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

function CreateToken({ onCreated }: { onCreated(created: ApiTokenCreatedDto): void }) {
  const { role } = useSession();
  const choices = scopeChoices(role ?? 'viewer');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<Scope>('read');
  const [expiry, setExpiry] = useState<ExpiryChoice>('90d');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Give the token a name, e.g. what uses it.');
    setBusy(true);
    setError(null);
    const expiresAt = expiresAtFor(expiry, Date.now());
    const body: TokenCreate = { name: name.trim(), scopes: scopesUpTo(level), ...(expiresAt ? { expiresAt } : {}) };
    try {
      onCreated(await api.post<ApiTokenCreatedDto>('/api/tokens', body));
      setName('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel token-form" onSubmit={(e) => void submit(e)} data-testid="token-form" aria-labelledby="token-form-title" noValidate>
      <h2 id="token-form-title">New API token</h2>
      <p className="muted">
        A token acts as you, within its scope, for scripts and integrations: send it as <code>Authorization: Bearer …</code>.
      </p>
      <label htmlFor="token-name">Name</label>
      <input id="token-name" type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="token-name"
        placeholder="e.g. shift report script" />
      <fieldset>
        <legend>Scope</legend>
        {choices.map((scope) => (
          <label key={scope} className="inline">
            <input type="radio" name="token-scope" value={scope} checked={level === scope} onChange={() => setLevel(scope)}
              data-testid={`token-scope-${scope}`} />
            {SCOPE_LABEL[scope]}
          </label>
        ))}
      </fieldset>
      <label htmlFor="token-expiry">Expires</label>
      <select id="token-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)} data-testid="token-expiry">
        {EXPIRY_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
      </select>
      {error && (
        <p className="error-note" role="alert" data-testid="token-form-error">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="token-create">
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

/** `/tokens`: this user's API tokens (an admin sees everyone's): create one, see it once, revoke. */
export function TokensPage() {
  const { role } = useSession();
  const all = can(role, 'seeAllTokens');
  const tokens = useResource<ApiTokenListDto>('/api/tokens');
  const now = useNow();
  const [created, setCreated] = useState<ApiTokenCreatedDto | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (token: ApiTokenDto) => {
    setBusy(true);
    setError(null);
    try {
      await api.delete(`/api/tokens/${encodeURIComponent(token.id)}`);
      setRevoking(null);
      if (created?.token.id === token.id) setCreated(null);
      tokens.reload();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="tokens-title" data-testid="tokens-page">
      <h1 id="tokens-title">API tokens</h1>
      <CreateToken onCreated={(next) => (setCreated(next), tokens.reload())} />
      {created && (
        <div className="panel" data-testid="token-created">
          <CopyField id="token-secret" label={`Token “${created.token.name}”`} value={created.secret} testId="token-secret" autoFocus />
          <p className="notice" role="status">Copy it now: Vigil shows this token only once and keeps only a hash of it.</p>
          <button type="button" onClick={() => setCreated(null)} data-testid="token-secret-done">
            Done
          </button>
        </div>
      )}
      <ErrorNote>{tokens.error}</ErrorNote>
      {error && (
        <p className="error-note" role="alert" data-testid="tokens-error">
          {error}
        </p>
      )}
      <h2>{all ? 'All tokens' : 'Your tokens'}</h2>
      {tokens.loading && !tokens.data && <p className="muted">Loading tokens…</p>}
      {tokens.data && tokens.data.items.length === 0 && <p className="empty">No API tokens yet.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                {all && <th scope="col">User</th>}
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => {
                const state = tokenState(token, now);
                return (
                  <tr key={token.id} data-testid="token-row" data-token-id={token.id} data-state={state}>
                    <th scope="row">{token.name}</th>
                    {all && <td>{token.username}</td>}
                    <td>{topScope(token.scopes) ?? '—'}</td>
                    <td>{formatTime(token.createdAt, now)}</td>
                    <td>{token.expiresAt ? formatTime(token.expiresAt, now) : 'Never'}</td>
                    <td>{token.lastUsedAt ? formatTime(token.lastUsedAt, now) : 'Never'}</td>
                    <td>{STATE_LABEL[state]}</td>
                    <td className="row-actions">
                      {state !== 'revoked' &&
                        (revoking === token.id ? (
                          <span role="group" aria-label={`Revoke ${token.name}?`}>
                            <button type="button" className="danger" disabled={busy} onClick={() => void revoke(token)}
                              data-testid="token-revoke-confirm" autoFocus>
                              {busy ? 'Revoking…' : 'Revoke now'}
                            </button>
                            <button type="button" disabled={busy} onClick={() => setRevoking(null)}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button type="button" className="danger" onClick={() => setRevoking(token.id)} data-testid="token-revoke">
                            Revoke
                          </button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
