import type { Alert } from '../domain/index.js';
import type { OutboxInput } from '../store/ports.js';

/** The deliveries an alert change owes: one per notify target other than the dashboard (which is live). */
export function outboxRowsFor(alert: Alert, event: OutboxInput['event']): OutboxInput[] {
  const payload = {
    type: event,
    alert: {
      id: alert.id,
      ruleId: alert.ruleId,
      ruleName: alert.ruleName,
      cameraId: alert.cameraId,
      zoneId: alert.zoneId,
      severity: alert.severity,
      status: alert.status,
      summary: alert.summary,
      startedAt: new Date(alert.startedAt).toISOString(),
      endedAt: alert.endedAt === null ? null : new Date(alert.endedAt).toISOString(),
    },
  };
  return [...new Set(alert.notify)].filter((target) => target !== 'dashboard').map((channel) => ({ channel, event, payload }));
}
