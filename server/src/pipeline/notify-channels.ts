import { readFile } from 'node:fs/promises';
import type { SiteConfig } from '../config/index.js';
import type { CameraLocation } from '../domain/index.js';
import { resolveExistingInDataDir } from '../evidence/evidence-paths.js';
import type { ChannelFactories } from '../notify/channel-registry.js';
import { createEmailChannel } from '../notify/channels/email-channel.adapter.js';
import { RobotChannel } from '../notify/channels/robot-channel.adapter.js';
import { createWebhookChannel } from '../notify/channels/webhook-channel.adapter.js';
import type { EvidenceRepository } from '../store/ports.js';

export interface NotifyChannelContext {
  config: SiteConfig;
  dataDir: string;
  evidence: EvidenceRepository;
  /** Vigil's base URL as receivers reach it: site.publicUrl, else the address it listens on. */
  publicUrl(): string;
  camera(cameraId: string): { name: string; location?: CameraLocation } | undefined;
}

/** How each kind of channel in vigil.yaml is built. */
export function notifyChannelFactories(context: NotifyChannelContext): ChannelFactories {
  const { config } = context;
  const readSnapshot = async (alertId: string): Promise<Buffer | null> => {
    const snapshot = (await context.evidence.forAlert(alertId)).filter((file) => file.kind === 'snapshot').at(-1);
    if (!snapshot) return null;
    try {
      return await readFile(await resolveExistingInDataDir(context.dataDir, snapshot.path));
    } catch {
      return null;
    }
  };
  return {
    email: (entry) =>
      createEmailChannel(entry, {
        siteName: config.site.name,
        timezone: config.site.timezone,
        ...(config.site.publicUrl ? { publicUrl: config.site.publicUrl } : {}),
        readSnapshot,
        cameraName: (cameraId) => context.camera(cameraId)?.name,
      }),
    webhook: (entry) => createWebhookChannel(entry),
    robot: (entry) =>
      new RobotChannel({
        id: entry.id,
        url: entry.url,
        token: entry.token,
        allowPrivate: entry.allowPrivate,
        publicUrl: context.publicUrl,
        location: (cameraId) => context.camera(cameraId)?.location ?? null,
      }),
  };
}
