import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CameraDto, CameraListDto } from '../api/contracts.js';
import { setSearch, useLocation } from '../api/router.js';
import { readStored, writeStored } from '../api/storage.js';
import { CameraStateBadge, ErrorNote } from '../components/badges.js';
import { PublishNoCameras } from '../components/publish-no-cameras.js';
import { PublishRemotePanel } from '../components/publish-remote-panel.js';
import { useDeviceCameras } from '../components/use-device-cameras.js';
import { useResource } from '../components/use-resource.js';
import { publishUnsupportedReason } from '../live/media-devices.adapter.js';
import { usePublisher } from '../live/use-publisher.js';
import { useLive } from '../live/use-live.js';
import { CODEC_LABEL, type VideoCodecChoice } from '../lib/codec-preference.js';
import { isActive, isWhipCamera, PUBLISH_STATE_LABEL, RESOLUTIONS, resolutionById } from '../lib/whip-publish.js';

const CAMERAS_POLL_MS = 10_000;
const DEVICE_KEY = 'vigil.publish.device';
const RESOLUTION_KEY = 'vigil.publish.resolution';
const CODEC_KEY = 'vigil.publish.codec';

/** A setting remembered in this browser, so a phone kept as a camera starts the same way next time. */
function useStoredChoice(key: string, fallback: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => readStored(key) ?? fallback);
  return [value, (next) => (writeStored(key, next), setValue(next))];
}

function CameraStatusLine({ camera }: { camera: CameraDto }) {
  const pushed = useLive((s) => s.cameraStatus.get(camera.id));
  const status = pushed ?? camera.status;
  const state = status?.state ?? 'unknown';
  return (
    <p className="publish-status" data-testid="publish-camera-status" data-state={state} aria-live="polite">
      <span>In Vigil:</span> <CameraStateBadge state={state} />
      {status?.reason && <span className="muted">{status.reason}</span>}
      {status && status.state !== 'offline' && <span className="muted">{status.fps.toFixed(1)} fps</span>}
    </p>
  );
}

function Preview({ stream }: { stream: MediaStream | null }) {
  const video = useRef<HTMLVideoElement | null>(null);
  useEffect(() => {
    if (!video.current) return;
    video.current.srcObject = stream;
    if (stream) void video.current.play().catch(() => undefined);
  }, [stream]);
  return (
    <div className="publish-preview">
      <video ref={video} muted autoPlay playsInline data-testid="publish-preview" data-streaming={stream ? 'true' : 'false'}
        aria-label="Preview of this device’s camera" />
      {!stream && <p className="no-frame">The preview shows here once the camera is on.</p>}
    </div>
  );
}

/** `/publish`: this device's camera sent to a WHIP camera of Vigil, and the details for publishing from elsewhere. */
export function PublishPage() {
  const { search } = useLocation();
  const wanted = new URLSearchParams(search).get('camera');
  const cameras = useResource<CameraListDto>('/api/cameras', { pollMs: CAMERAS_POLL_MS });
  const whipCameras = useMemo(() => (cameras.data?.items ?? []).filter(isWhipCamera), [cameras.data]);
  const publisher = usePublisher();
  const active = isActive(publisher.state);
  const devices = useDeviceCameras(publisher.state === 'publishing');
  const [deviceId, setDeviceId] = useStoredChoice(DEVICE_KEY, '');
  const [resolutionId, setResolutionId] = useStoredChoice(RESOLUTION_KEY, RESOLUTIONS[0]!.id);
  const [codec, setCodec] = useStoredChoice(CODEC_KEY, 'h264');
  const unsupported = useMemo(publishUnsupportedReason, []);

  // While publishing, the page stays on the camera being published to.
  const selectedId = (active ? publisher.cameraId : null) ?? whipCameras.find((c) => c.id === wanted)?.id ?? whipCameras[0]?.id ?? null;
  const selected = whipCameras.find((c) => c.id === selectedId) ?? null;
  const wantedIsNotWhip = wanted !== null && cameras.data !== null && !whipCameras.some((c) => c.id === wanted);
  const knownDevice = deviceId === '' || devices.some((d) => d.deviceId === deviceId) ? deviceId : '';

  const start = (event: FormEvent) => {
    event.preventDefault();
    if (!selected || active || unsupported) return;
    publisher.start({
      cameraId: selected.id,
      deviceId: knownDevice || null,
      resolution: resolutionById(resolutionId),
      codec: codec === 'vp8' ? 'vp8' : 'h264',
    });
  };

  return (
    <section aria-labelledby="publish-title" data-testid="publish-page">
      <h1 id="publish-title">Use this device as a camera</h1>
      <p className="muted">
        This device’s camera becomes one of Vigil’s cameras: its video goes to Vigil over WebRTC (WHIP), and Vigil watches
        it like any other camera, with the same rules, alerts and evidence clips. Keep this page open while publishing.
      </p>
      <ErrorNote>{cameras.error}</ErrorNote>
      {cameras.loading && !cameras.data && <p className="muted">Loading cameras…</p>}
      {wantedIsNotWhip && (
        <p className="notice" data-testid="publish-not-whip">
          <code>{wanted}</code> is not a WHIP camera, so Vigil does not take video for it from a browser.
        </p>
      )}
      {cameras.data && whipCameras.length === 0 && <PublishNoCameras />}
      {selected && (
        <>
          <div className="publish-layout">
            <form className="panel publish-form" onSubmit={start} aria-labelledby="publish-form-title">
              <h2 id="publish-form-title">This device</h2>
              {unsupported && <p className="notice" data-testid="publish-unsupported">{unsupported}</p>}
              <label htmlFor="publish-camera">Vigil camera</label>
              <select id="publish-camera" value={selected.id} disabled={active} data-testid="publish-camera"
                onChange={(e) => setSearch(`?camera=${encodeURIComponent(e.target.value)}`)}>
                {whipCameras.map((c) => (
                  <option key={c.id} value={c.id}>{c.name} ({c.id}){c.enabled ? '' : ' (disabled)'}</option>
                ))}
              </select>
              <CameraStatusLine camera={selected} />
              <label htmlFor="publish-device">Camera on this device</label>
              <select id="publish-device" value={knownDevice} disabled={active} data-testid="publish-device" onChange={(e) => setDeviceId(e.target.value)}>
                <option value="">Back camera on a phone, else the default</option>
                {devices.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>
                ))}
              </select>
              {devices.length > 0 && devices.every((d) => !d.label) && (
                <p className="hint">Camera names show once the browser has been allowed to use the camera.</p>
              )}
              <label htmlFor="publish-resolution">Resolution</label>
              <select id="publish-resolution" value={resolutionById(resolutionId).id} disabled={active} data-testid="publish-resolution"
                onChange={(e) => setResolutionId(e.target.value)}>
                {RESOLUTIONS.map((r) => (
                  <option key={r.id} value={r.id}>{r.label}</option>
                ))}
              </select>
              <label htmlFor="publish-codec">Video codec</label>
              <select id="publish-codec" value={codec === 'vp8' ? 'vp8' : 'h264'} disabled={active} data-testid="publish-codec"
                onChange={(e) => setCodec(e.target.value)}>
                {(['h264', 'vp8'] as VideoCodecChoice[]).map((c) => (
                  <option key={c} value={c}>{CODEC_LABEL[c]}{c === 'h264' ? ' (recommended)' : ''}</option>
                ))}
              </select>
              <p className="hint">If this browser cannot send the chosen codec, it sends the other one.</p>
              <div className="button-row">
                <button type="submit" className="primary" disabled={active || publisher.state === 'stopping' || unsupported !== null}
                  data-testid="publish-start">
                  {publisher.state === 'failed' || publisher.state === 'stopped' ? 'Start again' : 'Start'}
                </button>
                <button type="button" className="danger" disabled={!active} onClick={publisher.stop} data-testid="publish-stop">
                  Stop
                </button>
              </div>
              <p className={`publish-state publish-${publisher.state}`} role="status" data-testid="publish-state" data-state={publisher.state}>
                {PUBLISH_STATE_LABEL[publisher.state]}
                {publisher.state === 'publishing' && publisher.sending && <span className="muted"> · {publisher.sending}</span>}
              </p>
              {publisher.message && publisher.state === 'failed' && (
                <p className="error-note" role="alert" data-testid="publish-error">{publisher.message}</p>
              )}
              {publisher.message && publisher.state !== 'failed' && <p className="notice">{publisher.message}</p>}
            </form>
            <Preview stream={publisher.stream} />
          </div>
          <PublishRemotePanel key={selected.id} camera={selected} />
        </>
      )}
    </section>
  );
}
