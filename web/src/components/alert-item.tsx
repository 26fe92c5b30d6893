import type { KeyboardEvent } from 'react';
import { mediaUrl } from '../api/http.adapter.js';
import type { AlertDto } from '../api/contracts.js';
import { navigate } from '../api/router.js';
import { formatAgo, formatPercent, formatTime } from '../lib/format.js';
import { alertPath } from '../lib/routes.js';
import { SeverityBadge, StatusBadge } from './badges.js';
import { Link } from './link.js';

function moveFocus(from: HTMLElement, step: 1 | -1): void {
  const items = [...(from.closest('[data-testid="alert-feed"]')?.querySelectorAll<HTMLElement>('[data-testid="alert-item"]') ?? [])];
  items[items.indexOf(from) + step]?.focus();
}

/** One feed entry: focusable; Enter or a click opens the alert, arrow keys move through the feed. */
export function AlertItem({ alert, cameraName, now, fresh }: { alert: AlertDto; cameraName: string; now: number; fresh: boolean }) {
  const href = alertPath(alert.id);
  const snapshot = alert.evidence.find((e) => e.kind === 'snapshot');
  const hasClip = alert.evidence.some((e) => e.kind === 'clip');
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') navigate(href);
    else if (event.key === 'ArrowDown' || event.key === 'j') moveFocus(event.currentTarget, 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') moveFocus(event.currentTarget, -1);
    else return;
    event.preventDefault();
  };
  return (
    <li
      className={`alert-item sev-edge-${alert.severity} status-${alert.status}${fresh ? ' fresh' : ''}`}
      tabIndex={0}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-status={alert.status}
      onKeyDown={onKeyDown}
      onClick={(event) => !(event.target as HTMLElement).closest('a') && navigate(href)}
      aria-label={`${alert.severity} alert: ${alert.ruleName} on ${cameraName}, ${alert.status.replace('_', ' ')}`}
    >
      {snapshot ? (
        <img className="thumb" src={mediaUrl(snapshot.url)} alt="" loading="lazy" width={128} height={72} />
      ) : (
        <div className="thumb thumb-empty" aria-hidden="true" />
      )}
      <div className="alert-main">
        <div className="alert-line">
          <SeverityBadge severity={alert.severity} />
          <Link href={href} className="alert-title" tabIndex={-1}>
            {alert.ruleName}
          </Link>
          <StatusBadge status={alert.status} />
        </div>
        <div className="alert-line muted">
          <span>{cameraName}</span>
          {alert.zoneId && <span>zone {alert.zoneId}</span>}
          <time dateTime={alert.startedAt} title={alert.startedAt}>
            {formatTime(alert.startedAt, now)} · {formatAgo(alert.startedAt, now)}
          </time>
          {alert.observation && <span>model {formatPercent(alert.observation.confidence)}</span>}
          <span>{hasClip ? 'clip ready' : 'clip pending'}</span>
        </div>
        <p className="alert-summary">{alert.summary}</p>
      </div>
    </li>
  );
}
