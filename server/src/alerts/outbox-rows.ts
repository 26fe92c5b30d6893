import { alertToDto } from '../contracts/index.js';
import type { Alert } from '../domain/index.js';
import type { OutboxInput } from '../store/ports.js';

/**
 * The deliveries an alert change owes: one per notify target other than the dashboard (which is live).
 * The payload carries the alert as the API shows it; evidence links are added when the delivery is made.
 */
export function outboxRowsFor(alert: Alert, event: OutboxInput['event']): OutboxInput[] {
  const payload = { type: event, alert: alertToDto(alert, []) };
  return [...new Set(alert.notify)].filter((target) => target !== 'dashboard').map((channel) => ({ channel, event, payload }));
}
