import { useEffect, useState } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import type { AlertAction, AlertActionBody, AlertDetailDto } from '../api/contracts.js';
import { useSession } from '../api/session.js';
import { can } from '../lib/access.js';
import { ACTION_LABEL, canAct } from '../lib/severity.js';

const ACTIONS: { action: AlertAction; testId: string }[] = [
  { action: 'ack', testId: 'action-ack' },
  { action: 'resolve', testId: 'action-resolve' },
  { action: 'false-positive', testId: 'action-false-positive' },
];

const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Acknowledge / Resolve / False positive with a note; "a" acknowledges from anywhere on the page. */
export function AlertActions({ alert, onDone }: { alert: AlertDetailDto; onDone(detail: AlertDetailDto): void }) {
  const { actor, role } = useSession();
  const allowed = can(role, 'respond');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<AlertAction | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (action: AlertAction) => {
    if (busy || !allowed || !canAct(alert.status, action)) return;
    setBusy(action);
    setError(null);
    const body: AlertActionBody = { actor: actor || 'dashboard', ...(note.trim() ? { note: note.trim() } : {}) };
    try {
      onDone(await api.post<AlertDetailDto>(`/api/alerts/${encodeURIComponent(alert.id)}/${action}`, body));
      setNote('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(null);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'a' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      void act('ack');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!allowed) {
    return (
      <section className="panel" aria-labelledby="actions-title">
        <h2 id="actions-title">Respond</h2>
        <p className="muted" data-testid="action-not-allowed">
          Your role can see this alert but not respond to it: an operator or admin acknowledges and resolves alerts.
        </p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Respond</h2>
      <label htmlFor="action-note">Note (optional)</label>
      <textarea id="action-note" value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} data-testid="action-note"
        placeholder="What was done, who was sent…" />
      <div className="button-row">
        {ACTIONS.map(({ action, testId }) => (
          <button key={action} type="button" className={action === 'ack' ? 'primary' : undefined} data-testid={testId}
            disabled={busy !== null || !canAct(alert.status, action)} onClick={() => void act(action)}
            aria-keyshortcuts={action === 'ack' ? 'a' : undefined}>
            {busy === action ? 'Saving…' : ACTION_LABEL[action]}
          </button>
        ))}
      </div>
      <p className="hint">Recorded as <strong>{actor || 'dashboard'}</strong>. Press <kbd>a</kbd> to acknowledge.</p>
      {error && <p className="error-note" role="alert" data-testid="action-error">{error}</p>}
    </section>
  );
}
