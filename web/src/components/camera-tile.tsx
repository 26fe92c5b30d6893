import { useState } from 'react';
import { useSession } from '../api/session.js';
import { can } from '../lib/access.js';
import { mediaUrl } from '../api/http.adapter.js';
import type { CameraDto, CameraStatusDto } from '../api/contracts.js';
import { useLiveVideo } from '../live/use-live-video.js';
import { LIVE_LABEL } from '../lib/live-choice.js';
import { publishPath, zonesPath } from '../lib/routes.js';
import { isWhipCamera } from '../lib/whip-publish.js';
import { CameraStateBadge } from './badges.js';
import { Link } from './link.js';
import { useTick, useVisible } from './use-visible.js';

const SNAPSHOT_REFRESH_MS = 3000;

interface Props {
  camera: CameraDto;
  status: CameraStatusDto | null;
  tampered: boolean;
  liveEnabled: boolean;
}

/** One camera: live video when it plays, else its latest frame refreshed every few seconds, with its state. */
export function CameraTile({ camera, status, tampered, liveEnabled }: Props) {
  const [visible, observe] = useVisible<HTMLElement>();
  const { mode, note, videoRef, canvasRef } = useLiveVideo(camera.id, liveEnabled && visible && camera.enabled);
  const tick = useTick(SNAPSHOT_REFRESH_MS, visible && mode === 'snapshot');
  const [noFrame, setNoFrame] = useState(false);
  const state = status?.state ?? 'unknown';
  const { role } = useSession();

  return (
    <article ref={observe} className={`tile cam-edge-${tampered ? 'tampered' : state}`} data-testid="camera-tile"
      data-camera-id={camera.id} data-state={state} data-tampered={tampered ? 'true' : 'false'} aria-labelledby={`cam-${camera.id}`}>
      <header className="tile-header">
        <h2 id={`cam-${camera.id}`}>{camera.name}</h2>
        <CameraStateBadge state={state} />
        {tampered && <CameraStateBadge state="tampered" />}
      </header>
      <div className="tile-media">
        <video ref={videoRef} data-camera-id={camera.id} data-live={mode} muted autoPlay playsInline
          aria-label={`${camera.name} live video`} />
        <canvas ref={canvasRef} className={mode === 'jsmpeg' ? 'on-top' : 'hidden-layer'} data-testid="camera-jsmpeg" />
        {mode === 'snapshot' && !noFrame && (
          <img className="on-top" src={mediaUrl(`/api/cameras/${encodeURIComponent(camera.id)}/snapshot.jpg`, { t: String(tick) })}
            alt={`${camera.name}, latest frame`} onError={() => setNoFrame(true)} onLoad={() => setNoFrame(false)}
            data-testid="camera-snapshot" />
        )}
        {mode === 'snapshot' && noFrame && <p className="on-top no-frame">No frame yet</p>}
        <span className="live-label" data-testid="camera-live-label">{LIVE_LABEL[mode]}</span>
      </div>
      <footer className="tile-footer">
        <span>{status ? `${status.fps.toFixed(1)} fps` : '—'}</span>
        {status?.reason && <span className="muted" title={status.reason}>{status.reason}</span>}
        {note && <span className="muted" title={note}>{note}</span>}
        {isWhipCamera(camera) && (
          <Link href={publishPath(camera.id)} data-testid="camera-publish-link">Publish from this device</Link>
        )}
        {can(role, 'editZones') ? (
          <Link href={zonesPath(camera.id)} data-testid="camera-zones-link">Zones ({camera.zones.length})</Link>
        ) : (
          <span className="muted">Zones ({camera.zones.length})</span>
        )}
      </footer>
    </article>
  );
}
