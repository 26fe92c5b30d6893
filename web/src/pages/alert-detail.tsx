import { useEffect } from 'react';
import { mediaUrl } from '../api/http.adapter.js';
import type { AlertDetailDto, CameraDto } from '../api/contracts.js';
import { AlertActions } from '../components/alert-actions.js';
import { AlertReasoning } from '../components/alert-reasoning.js';
import { AlertTimeline } from '../components/alert-timeline.js';
import { ErrorNote, SeverityBadge, StatusBadge } from '../components/badges.js';
import { Link } from '../components/link.js';
import { SnapshotWithBoxes } from '../components/snapshot-boxes.js';
import { useResource } from '../components/use-resource.js';
import { liveStore } from '../live/live-store.adapter.js';
import { useLive } from '../live/use-live.js';
import { alertVersion } from '../lib/alert-merge.js';
import { formatDuration, formatTime } from '../lib/format.js';

function Facts({ alert, cameraName }: { alert: AlertDetailDto; cameraName: string }) {
  const end = alert.endedAt ?? alert.lastSeenAt;
  return (
    <section className="panel" aria-labelledby="facts-title">
      <h2 id="facts-title">What happened</h2>
      <p className="summary" data-testid="alert-summary">{alert.summary}</p>
      <dl className="facts">
        <dt>Rule</dt>
        <dd data-testid="alert-rule">{alert.ruleName} <span className="muted">({alert.ruleId})</span></dd>
        <dt>Camera</dt>
        <dd>{cameraName}{alert.zoneId && <span className="muted"> · zone {alert.zoneId}</span>}</dd>
        <dt>Started</dt>
        <dd><time dateTime={alert.startedAt}>{formatTime(alert.startedAt)}</time></dd>
        <dt>Last seen</dt>
        <dd><time dateTime={alert.lastSeenAt}>{formatTime(alert.lastSeenAt)}</time></dd>
        <dt>Ended</dt>
        <dd>{alert.endedAt ? formatTime(alert.endedAt) : 'still holding'}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(Date.parse(end) - Date.parse(alert.startedAt))}</dd>
        <dt>Peak value</dt>
        <dd>{Math.round(alert.peakValue * 1000) / 1000}</dd>
        <dt>Notified</dt>
        <dd>{alert.notify.join(', ') || '—'}</dd>
      </dl>
    </section>
  );
}

function Evidence({ alert }: { alert: AlertDetailDto }) {
  const clip = alert.evidence.find((e) => e.kind === 'clip');
  const snapshot = alert.evidence.find((e) => e.kind === 'snapshot');
  return (
    <section className="panel media" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      {clip ? (
        <video className="clip" controls preload="metadata" playsInline src={mediaUrl(clip.url)} data-testid="alert-clip"
          aria-label="Evidence clip" />
      ) : (
        <p className="muted" data-testid="alert-clip-pending">The clip is cut once its post-roll is recorded; it appears here by itself.</p>
      )}
      {snapshot ? (
        <SnapshotWithBoxes src={mediaUrl(snapshot.url)} boxes={alert.boxes} alt={`Snapshot: ${alert.summary}`} />
      ) : (
        <p className="muted">No snapshot for this alert.</p>
      )}
      <ul className="hashes">
        {alert.evidence.map((e) => (
          <li key={e.id}>
            {e.kind} · {Math.round(e.bytes / 1024)} KiB · SHA-256 <code title={e.sha256}>{e.sha256.slice(0, 16)}…</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/alerts/:id`: evidence, boxes, reasoning, the timeline and the lifecycle buttons; updates live. */
export function AlertDetailPage({ id }: { id: string }) {
  const live = useLive((s) => s.alerts.get(id));
  const version = live ? alertVersion(live) : null;
  const detail = useResource<AlertDetailDto>(`/api/alerts/${encodeURIComponent(id)}`, { refreshKey: version });
  const camera = useResource<CameraDto>(detail.data ? `/api/cameras/${encodeURIComponent(detail.data.cameraId)}` : null);
  const alert = detail.data;

  useEffect(() => {
    if (alert) liveStore.mergeAlerts([alert]);
  }, [alert]);

  if (!alert) {
    return (
      <section>
        <p><Link href="/">← All alerts</Link></p>
        {detail.error ? <ErrorNote>{detail.error}</ErrorNote> : <p className="muted">Loading alert…</p>}
      </section>
    );
  }
  return (
    <article className="alert-detail" data-testid="alert-detail" data-alert-id={alert.id} data-status={alert.status}
      data-severity={alert.severity} aria-labelledby="alert-title">
      <p><Link href="/">← All alerts</Link></p>
      <header className="detail-header">
        <SeverityBadge severity={alert.severity} />
        <h1 id="alert-title">{alert.ruleName}</h1>
        <span data-testid="alert-status"><StatusBadge status={alert.status} /></span>
      </header>
      <ErrorNote>{detail.error}</ErrorNote>
      <div className="detail-grid">
        <Evidence alert={alert} />
        <div className="detail-side">
          <AlertActions alert={alert} onDone={(next) => detail.setData(next)} />
          <Facts alert={alert} cameraName={camera.data?.name ?? alert.cameraId} />
          {alert.observation && <AlertReasoning observation={alert.observation} />}
          <AlertTimeline events={alert.events} />
        </div>
      </div>
    </article>
  );
}
