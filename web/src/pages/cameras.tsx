import { useMemo, useState } from 'react';
import type { CameraListDto, RulePackListDto } from '../api/contracts.js';
import { readStored, writeStored } from '../api/storage.js';
import { ErrorNote } from '../components/badges.js';
import { CameraTile } from '../components/camera-tile.js';
import { useResource } from '../components/use-resource.js';
import { useLive } from '../live/use-live.js';
import { tamperedCameras, tamperRuleIds } from '../lib/rule-text.js';

const LIVE_KEY = 'vigil.liveVideo';

/** `/cameras`: every camera as a tile with its state, tamper badge and live video. */
export function CamerasPage() {
  const cameras = useResource<CameraListDto>('/api/cameras', { pollMs: 30_000 });
  const rules = useResource<RulePackListDto>('/api/rules');
  const statuses = useLive((s) => s.cameraStatus);
  const alerts = useLive((s) => s.alerts);
  const [liveEnabled, setLiveEnabled] = useState(() => readStored(LIVE_KEY) !== 'off');
  const tampered = useMemo(() => tamperedCameras(alerts.values(), tamperRuleIds(rules.data?.items ?? [])), [alerts, rules.data]);

  const toggleLive = () => {
    writeStored(LIVE_KEY, liveEnabled ? 'off' : 'on');
    setLiveEnabled(!liveEnabled);
  };

  return (
    <section aria-labelledby="cameras-title">
      <div className="page-head">
        <h1 id="cameras-title">Cameras</h1>
        <button type="button" className="toggle" aria-pressed={liveEnabled} onClick={toggleLive} data-testid="live-toggle">
          {liveEnabled ? 'Live video on' : 'Live video off (snapshots)'}
        </button>
      </div>
      <ErrorNote>{cameras.error}</ErrorNote>
      {cameras.loading && !cameras.data && <p className="muted">Loading cameras…</p>}
      <div className="camera-grid" data-testid="camera-grid">
        {cameras.data?.items.map((camera) => (
          <CameraTile key={camera.id} camera={camera} status={statuses.get(camera.id) ?? camera.status}
            tampered={tampered.has(camera.id)} liveEnabled={liveEnabled} />
        ))}
      </div>
      {cameras.data?.items.length === 0 && <p className="empty">No cameras yet. Add them in vigil.yaml or with POST /api/cameras.</p>}
    </section>
  );
}
