import type { ReasoningDto, SystemDto } from '../api/contracts.js';
import { CameraStateBadge, ErrorNote } from '../components/badges.js';
import { useResource } from '../components/use-resource.js';
import { formatDuration, formatMs, formatPercent, formatTime } from '../lib/format.js';

const SYSTEM_POLL_MS = 2500;
const REASONING_POLL_MS = 5000;

function Reasoner({ reasoner }: { reasoner: SystemDto['reasoner'] }) {
  return (
    <section className="panel" aria-labelledby="reasoner-title" data-testid="system-reasoner" data-state={reasoner.state}>
      <h2 id="reasoner-title">Hazard reasoning</h2>
      <dl className="facts">
        <dt>Backend</dt><dd>{reasoner.backend}</dd>
        <dt>State</dt><dd><span className={`badge reasoner-${reasoner.state}`}>{reasoner.state}</span></dd>
        <dt>Model</dt><dd>{reasoner.modelId ?? '—'}</dd>
        <dt>Detail</dt><dd>{reasoner.detail ?? '—'}</dd>
        <dt>Circuit breaker</dt>
        <dd>{reasoner.breaker === 'open' ? 'open: model calls paused after repeated failures' : (reasoner.breaker ?? '—')}</dd>
      </dl>
      {reasoner.state === 'off' && <p className="notice">No model is configured: hazard rules wait, pixel rules run.</p>}
    </section>
  );
}

function Windows({ reasoning }: { reasoning: ReasoningDto }) {
  return (
    <section className="panel" aria-labelledby="windows-title">
      <h2 id="windows-title">Recent model windows</h2>
      <p className="muted">
        {Object.entries(reasoning.counters).map(([name, value]) => `${name}: ${value}`).join(' · ') || 'No counters yet.'}
      </p>
      <div className="table-wrap">
        <table data-testid="system-windows">
          <thead>
            <tr><th scope="col">When</th><th scope="col">Camera</th><th scope="col">Why</th><th scope="col">Outcome</th><th scope="col">Answers</th><th scope="col">Model time</th><th scope="col">Vision tokens</th></tr>
          </thead>
          <tbody>
            {reasoning.windows.map((w) => (
              <tr key={`${w.cameraId}-${w.at}`}>
                <td>{formatTime(w.at)}</td>
                <td>{w.cameraId}</td>
                <td>{w.reason}</td>
                <td>{w.outcome}{w.error && <div className="muted">{w.error}</div>}</td>
                <td>{w.hazards.map((h) => `${h.hazard} ${h.present ? 'yes' : 'no'} (${formatPercent(h.confidence)})`).join(', ') || '—'}</td>
                <td>{formatMs(w.modelMs)}</td>
                <td>{w.visionTokens ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {reasoning.windows.length === 0 && <p className="muted">No window sent to the model yet.</p>}
    </section>
  );
}

/** `/system`: reasoner health, stage latencies and camera rates, refreshed every few seconds. */
export function SystemPage() {
  const system = useResource<SystemDto>('/api/system', { pollMs: SYSTEM_POLL_MS });
  const reasoning = useResource<ReasoningDto>('/api/reasoning', { pollMs: REASONING_POLL_MS });
  const data = system.data;
  return (
    <section aria-labelledby="system-title">
      <h1 id="system-title">System</h1>
      <ErrorNote>{system.error}</ErrorNote>
      {data && (
        <>
          <p className="muted" data-testid="system-summary">
            Vigil {data.version} · up {formatDuration(data.uptimeSeconds * 1000)} · database {data.database} · {data.alertsActive} active alerts
          </p>
          <div className="system-grid">
            <Reasoner reasoner={data.reasoner} />
            <section className="panel" aria-labelledby="stages-title">
              <h2 id="stages-title">Stage latency</h2>
              <table data-testid="system-stages">
                <thead><tr><th scope="col">Stage</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">Samples</th></tr></thead>
                <tbody>
                  {data.stages.map((s) => (
                    <tr key={s.stage}><th scope="row">{s.stage}</th><td>{formatMs(s.p50Ms)}</td><td>{formatMs(s.p95Ms)}</td><td>{s.samples}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="panel" aria-labelledby="rates-title">
              <h2 id="rates-title">Cameras</h2>
              <table data-testid="system-cameras">
                <thead><tr><th scope="col">Camera</th><th scope="col">State</th><th scope="col">Frames/s</th></tr></thead>
                <tbody>
                  {data.cameras.map((c) => (
                    <tr key={c.cameraId}><th scope="row">{c.name}</th><td><CameraStateBadge state={c.state} /></td><td>{c.fps.toFixed(1)}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      )}
      {!data && !system.error && <p className="muted">Loading…</p>}
      <ErrorNote>{reasoning.error}</ErrorNote>
      {reasoning.data && <Windows reasoning={reasoning.data} />}
    </section>
  );
}
