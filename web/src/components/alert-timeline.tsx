import type { AlertEventDto } from '../api/contracts.js';
import { formatTime } from '../lib/format.js';
import { STATUS_LABEL } from '../lib/severity.js';

const ACTION_TEXT: Record<AlertEventDto['action'], string> = {
  opened: 'Opened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'Marked false positive',
  cleared: 'Condition cleared',
  evidence: 'Evidence added',
  robot: 'Patrol robot',
  verified: 'Verified by robot',
};

/** Who did what, when, with which note; oldest first. */
export function AlertTimeline({ events }: { events: readonly AlertEventDto[] }) {
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline" data-testid="alert-timeline">
        {events.map((event) => (
          <li key={event.id} data-testid="timeline-event" data-action={event.action}>
            <time dateTime={event.at}>{formatTime(event.at)}</time>
            <span className="timeline-action">{ACTION_TEXT[event.action]}</span>
            <span className="muted">by {event.actor}</span>
            {event.fromStatus !== event.toStatus && (
              <span className="muted">
                {event.fromStatus ? STATUS_LABEL[event.fromStatus] : 'New'} → {STATUS_LABEL[event.toStatus]}
              </span>
            )}
            {event.note && <blockquote>{event.note}</blockquote>}
          </li>
        ))}
      </ol>
      {events.length === 0 && <p className="muted">No events yet.</p>}
    </section>
  );
}
