import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorText, mediaUrl } from '../api/http.adapter.js';
import type { CameraDto, RulePackListDto, ZonesUpdate } from '../api/contracts.js';
import { useSession } from '../api/session.js';
import { ErrorNote } from '../components/badges.js';
import { can } from '../lib/access.js';
import { Link } from '../components/link.js';
import { useResource } from '../components/use-resource.js';
import { ZoneCanvas, type Selection } from '../components/zone-canvas.js';
import { ZonePanel } from '../components/zone-panel.js';
import { zoneFieldErrors, type ZoneFieldErrors } from '../lib/field-errors.js';
import { deletePoint, nextZoneId, zoneProblems, type Point, type ZoneDraft } from '../lib/polygon-editing.js';

const toDrafts = (camera: CameraDto): ZoneDraft[] =>
  camera.zones.map((zone) => ({ id: zone.id, name: zone.name, polygon: zone.polygon.map(([x, y]): Point => [x, y]), open: false }));

/** `/cameras/:id/zones` for an admin; others learn that zones are an admin's to edit. */
export function ZonesPage({ cameraId }: { cameraId: string }) {
  const { role } = useSession();
  if (can(role, 'editZones')) return <ZoneEditorPage cameraId={cameraId} />;
  return (
    <section aria-labelledby="zones-title">
      <p><Link href="/cameras">← Cameras</Link></p>
      <h1 id="zones-title">Zones</h1>
      <p className="notice" data-testid="zones-not-allowed">Only an admin can edit zones.</p>
    </section>
  );
}

/** Draw and edit the camera's zones on its latest frame, and save them. */
function ZoneEditorPage({ cameraId }: { cameraId: string }) {
  const path = `/api/cameras/${encodeURIComponent(cameraId)}`;
  const camera = useResource<CameraDto>(path);
  const rules = useResource<RulePackListDto>('/api/rules');
  const [zones, setZones] = useState<ZoneDraft[]>([]);
  const [selection, setSelection] = useState<Selection>({ zone: null, point: null });
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [apiErrors, setApiErrors] = useState<ZoneFieldErrors | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const snapshotUrl = useMemo(() => mediaUrl(`${path}/snapshot.jpg`, { t: String(Date.now()) }), [path]);

  useEffect(() => {
    if (camera.data && !dirty) setZones(toDrafts(camera.data));
    // Only a fresh load replaces the drafts; edits in progress are kept.
  }, [camera.data]);

  const edit = (next: ZoneDraft[]) => {
    setZones(next);
    setDirty(true);
    setMessage(null);
  };
  const updateZone = (index: number, patch: Partial<ZoneDraft>) => edit(zones.map((z, i) => (i === index ? { ...z, ...patch } : z)));

  const addZone = () => {
    const id = nextZoneId(zones.map((z) => z.id));
    edit([...zones, { id, name: `Zone ${id.slice(5)}`, polygon: [], open: true }]);
    setSelection({ zone: zones.length, point: null });
  };
  const removeZone = (index: number) => {
    edit(zones.filter((_, i) => i !== index));
    setSelection({ zone: null, point: null });
  };
  const removePoint = () => {
    const { zone, point } = selection;
    const draft = zone === null ? undefined : zones[zone];
    if (zone === null || point === null || !draft) return;
    updateZone(zone, { polygon: deletePoint(draft.polygon, point) });
    setSelection({ zone, point: null });
  };

  const problems = zoneProblems(zones);
  const save = async () => {
    if (problems.size > 0) return setMessage('Fix the marked zones before saving.');
    setSaving(true);
    setApiErrors(null);
    const body: ZonesUpdate = { zones: zones.map(({ id, name, polygon }) => ({ id, name: name.trim(), polygon })) };
    try {
      const saved = await api.put<CameraDto>(`${path}/zones`, body);
      camera.setData(saved);
      setZones(toDrafts(saved));
      setDirty(false);
      setMessage('Zones saved.');
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) setApiErrors(zoneFieldErrors(error.fields));
      setMessage(`Not saved: ${errorText(error)}`);
    } finally {
      setSaving(false);
    }
  };

  if (!camera.data) {
    return (
      <section>
        <p><Link href="/cameras">← Cameras</Link></p>
        {camera.error ? <ErrorNote>{camera.error}</ErrorNote> : <p className="muted">Loading camera…</p>}
      </section>
    );
  }
  return (
    <section aria-labelledby="zones-title" className="zones-page">
      <p><Link href="/cameras">← Cameras</Link></p>
      <h1 id="zones-title">Zones of {camera.data.name}</h1>
      <p className="hint">
        Choose “New zone”, click on the frame to place points, and click the first point (or “Close polygon”) to finish.
        Drag points to move them; drag the small handle in the middle of an edge to add a point; focus a point and use the
        arrow keys to move it or Delete to remove it.
      </p>
      <div className="zones-layout">
        <ZoneCanvas snapshotUrl={snapshotUrl} zones={zones} selection={selection} onSelect={setSelection}
          onPolygon={(index, polygon, open) => updateZone(index, open === undefined ? { polygon } : { polygon, open })} />
        <ZonePanel cameraId={cameraId} zones={zones} selection={selection} packs={rules.data?.items ?? []} problems={problems}
          apiErrors={apiErrors} onSelect={setSelection} onChange={updateZone} onAdd={addZone} onRemove={removeZone}
          onRemovePoint={removePoint} />
      </div>
      <div className="button-row sticky-actions">
        <button type="button" className="primary" onClick={() => void save()} disabled={saving || !dirty} data-testid="zones-save">
          {saving ? 'Saving…' : 'Save zones'}
        </button>
        <button type="button" disabled={saving || !dirty} data-testid="zones-reset"
          onClick={() => (setZones(toDrafts(camera.data as CameraDto)), setDirty(false), setApiErrors(null), setMessage(null))}>
          Discard changes
        </button>
        {dirty && <span className="muted">Unsaved changes</span>}
        {message && <span role="status" data-testid="zones-message">{message}</span>}
      </div>
      {apiErrors && apiErrors.general.length > 0 && (
        <ul className="error-note" role="alert" data-testid="zones-errors">
          {apiErrors.general.map((text) => <li key={text}>{text}</li>)}
        </ul>
      )}
    </section>
  );
}
