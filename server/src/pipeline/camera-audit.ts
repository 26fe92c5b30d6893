import { redactUrl, type Camera } from '../domain/index.js';

/** What a camera's audit entry says of it: never the URL's credentials. */
export function cameraAuditDetails(camera: Camera): Record<string, unknown> {
  return { name: camera.name, url: redactUrl(camera.url), enabled: camera.enabled, zones: camera.zones.map((zone) => zone.id) };
}

const FIELDS = ['name', 'url', 'sample', 'zones', 'masks', 'location', 'rtspTransport', 'enabled'] as const;

/** The names of the settings that differ between two versions of a camera. */
export function changedCameraFields(before: Camera, after: Camera): string[] {
  return FIELDS.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
}
