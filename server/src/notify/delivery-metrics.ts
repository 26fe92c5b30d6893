import { Counter, Gauge, type Registry } from 'prom-client';
import type { OutboxRepository } from '../store/ports.js';

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead';

export interface DeliveryMetrics {
  delivered(channel: string, outcome: DeliveryOutcome): void;
}

/**
 * vigil_deliveries_total{channel,outcome} counts attempts by what became of the row; vigil_outbox_pending is read
 * from the store at scrape time (rows waiting for a try or being sent).
 */
export function createDeliveryMetrics(registry: Registry, outbox: OutboxRepository): DeliveryMetrics {
  const registers = [registry];
  const deliveries = new Counter({
    name: 'vigil_deliveries_total',
    help: 'Delivery attempts by channel and outcome (delivered, retry: failed and will be tried again, dead: given up)',
    labelNames: ['channel', 'outcome'],
    registers,
  });
  new Gauge({
    name: 'vigil_outbox_pending',
    help: 'Outbox rows not yet delivered nor given up (waiting for a try or being sent)',
    registers,
    async collect() {
      try {
        const counts = await outbox.countByStatus();
        this.set(counts.pending + counts.sending);
      } catch {
        // The store is closing or unreachable: the last value stands.
      }
    },
  });
  return { delivered: (channel, outcome) => deliveries.inc({ channel, outcome }) };
}
