import type { AuditEntryInput } from '../audit/audit-log.js';
import type { SiteConfig } from '../config/index.js';

/**
 * The `config.load` entry written at start: which vigil.yaml (by hash), its cameras and its notification channels
 * by id. Never a URL, token or secret.
 */
export function configLoadEntry(config: SiteConfig, configSha256: string): AuditEntryInput {
  const channels = (['email', 'webhook', 'robot'] as const).flatMap((kind) => config.channels[kind].map((channel) => `${kind}:${channel.id}`));
  return {
    actor: 'system',
    action: 'config.load',
    targetType: 'config',
    targetId: null,
    details: { sha256: configSha256, site: config.site.name, cameras: config.cameras.map((camera) => camera.id), channels },
  };
}
