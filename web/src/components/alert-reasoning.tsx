import type { AlertObservationDto } from '../api/contracts.js';
import { formatDuration, formatPercent, formatTime } from '../lib/format.js';

/** What the vision-language model saw and why it answered as it did. */
export function AlertReasoning({ observation }: { observation: AlertObservationDto }) {
  const span = observation.span;
  return (
    <section className="panel" aria-labelledby="reasoning-title" data-testid="alert-reasoning">
      <h2 id="reasoning-title">Model reasoning</h2>
      <dl className="facts">
        <dt>Hazard</dt>
        <dd>{observation.hazard}</dd>
        <dt>Confidence</dt>
        <dd data-testid="alert-confidence">{formatPercent(observation.confidence)}</dd>
        <dt>Model</dt>
        <dd data-testid="alert-model">{observation.modelId}</dd>
        <dt>Seen at</dt>
        <dd>{formatTime(observation.seenAt)}</dd>
        <dt>Time span</dt>
        <dd>
          {span
            ? `${formatTime(span.start)} – ${formatTime(span.end)} (${formatDuration(Date.parse(span.end) - Date.parse(span.start))})`
            : 'not given'}
        </dd>
        <dt>Frames looked at</dt>
        <dd>{observation.frameTimes.length}</dd>
      </dl>
      <h3>Answer</h3>
      <p className="reason" data-testid="alert-reason">{observation.reason || '—'}</p>
      {observation.thinking && (
        <details data-testid="alert-thinking">
          <summary>Reasoning before the answer</summary>
          <p className="thinking">{observation.thinking}</p>
        </details>
      )}
      <p className="hint">Question hash {observation.promptHash.slice(0, 12)}</p>
    </section>
  );
}
