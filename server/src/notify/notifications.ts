import type { Registry } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/ports.js';
import type { Channel } from './channel.js';
import { createDeliveryMetrics } from './delivery-metrics.js';
import { OutboxDispatcher } from './dispatcher.js';
import type { EscalationPolicyLike } from './escalation.js';
import { EscalationWatch } from './escalation-watch.js';

export interface NotificationsOptions {
  store: Pick<Store, 'outbox' | 'evidence' | 'escalations'>;
  channels: ReadonlyMap<string, Channel>;
  escalation: readonly EscalationPolicyLike[];
  publicUrl?: string;
  registry: Registry;
  logger: Logger;
}

export interface Notifications {
  /** Deliver newly written outbox rows now. */
  wake(): void;
  /** Stops escalating and delivering (deliveries in flight get `deadlineMs`), then closes the channels. */
  stop(deadlineMs?: number): Promise<void>;
}

/** Starts the outbox dispatcher and the escalation watch over the channels given. */
export async function startNotifications(options: NotificationsOptions): Promise<Notifications> {
  const { store, channels, logger } = options;
  const dispatcher = new OutboxDispatcher({
    outbox: store.outbox,
    evidence: store.evidence,
    channels,
    logger,
    metrics: createDeliveryMetrics(options.registry, store.outbox),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  const watch = new EscalationWatch({ escalations: store.escalations, policies: options.escalation, logger, onEscalated: () => dispatcher.wake() });
  await dispatcher.start();
  watch.start();
  logger.info({ channels: [...channels.keys()], escalation: options.escalation.length }, 'notifications on');
  return {
    wake: () => dispatcher.wake(),
    async stop(deadlineMs = 10_000) {
      await watch.stop();
      await dispatcher.stop(deadlineMs);
      await Promise.allSettled([...channels.values()].map((channel) => channel.close?.()));
    },
  };
}
