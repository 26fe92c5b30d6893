import { redactUrl, VigilError, type Camera } from '../domain/index.js';
import type { CameraCreate, CameraUpdate } from '../contracts/index.js';

/** A camera added through the API. */
export function cameraFromCreate(input: CameraCreate): Camera {
  const camera: Camera = {
    id: input.id,
    name: input.name,
    url: input.url,
    sample: { fps: input.sample.fps, maxSide: input.sample.maxSide },
    zones: input.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.polygon.map(([x, y]) => [x, y] as const) })),
    rtspTransport: input.rtspTransport,
    enabled: input.enabled,
    source: 'api',
  };
  if (input.location) camera.location = { ...input.location };
  if (input.masks.length > 0) camera.masks = input.masks.map((m) => ({ id: m.id, name: m.name, polygon: m.polygon.map(([x, y]) => [x, y] as const) }));
  return camera;
}

/**
 * `existing` with the fields of `update` applied. A URL equal to the redacted one the API showed keeps the stored
 * URL, so a client that sends back what it read does not wipe the camera's credentials.
 */
export function applyCameraUpdate(existing: Camera, update: CameraUpdate): Camera {
  if (update.id !== undefined && update.id !== existing.id) {
    throw new VigilError('invalid_input', 'id cannot be changed', { fields: [{ path: 'id', message: 'must equal the id in the path' }] });
  }
  const url = update.url === undefined || update.url === redactUrl(existing.url) ? existing.url : update.url;
  const next: Camera = {
    ...existing,
    name: update.name ?? existing.name,
    url,
    sample: { fps: update.sample?.fps ?? existing.sample.fps, maxSide: update.sample?.maxSide ?? existing.sample.maxSide },
    zones: update.zones
      ? update.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.polygon.map(([x, y]) => [x, y] as const) }))
      : existing.zones,
    rtspTransport: update.rtspTransport ?? existing.rtspTransport,
    enabled: update.enabled ?? existing.enabled,
  };
  if (update.masks !== undefined) {
    if (update.masks.length === 0) delete next.masks;
    else next.masks = update.masks.map((m) => ({ id: m.id, name: m.name, polygon: m.polygon.map(([x, y]) => [x, y] as const) }));
  }
  if (update.location === null) delete next.location;
  else if (update.location !== undefined) next.location = { ...update.location };
  return next;
}
