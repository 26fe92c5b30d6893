import type { Camera } from '../domain/index.js';
import type { SiteConfig } from '../config/index.js';
import type { SiteContext } from '../rules/index.js';

/** What rule packs are checked against: the running cameras and zones, and the configured channels. */
export function siteContextOf(config: SiteConfig, cameras: readonly Camera[]): SiteContext {
  const channels = [
    ...config.channels.email.map((c) => `email:${c.id}`),
    ...config.channels.webhook.map((c) => `webhook:${c.id}`),
    ...config.channels.robot.map((c) => `robot:${c.id}`),
  ];
  return {
    cameras: cameras.map((camera) => ({ id: camera.id, name: camera.name, zones: camera.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.polygon })) })),
    channels,
    timezone: config.site.timezone,
  };
}

/** vigil.yaml cameras as domain cameras. */
export function configCameras(config: SiteConfig): Camera[] {
  return config.cameras.map((camera) => ({
    id: camera.id,
    name: camera.name,
    url: camera.url,
    sample: camera.sample,
    zones: camera.zones.map((zone) => ({ id: zone.id, name: zone.name, polygon: zone.polygon })),
    ...(camera.masks.length > 0 ? { masks: camera.masks.map((mask) => ({ id: mask.id, name: mask.name, polygon: mask.polygon })) } : {}),
    ...(camera.location ? { location: camera.location } : {}),
    rtspTransport: camera.rtspTransport,
    enabled: camera.enabled,
    source: 'config' as const,
  }));
}
