import { alertToDto } from '../contracts/index.js';
import { SEVERITIES, type Alert, type Severity } from '../domain/index.js';
import type { OutboxInput } from '../store/ports.js';

export interface EscalationPolicyLike {
  minSeverity: Severity;
  /** ms an alert may stay unacknowledged */
  after: number;
  notify: readonly string[];
}

/**
 * The key an escalation is recorded under. Severity and delay name the tier: editing a tier's targets does not
 * escalate again the alerts it already escalated, while a new tier (another delay) escalates them once more.
 */
export const escalationKey = (policy: EscalationPolicyLike): string => `${policy.minSeverity}@${policy.after}ms`;

export const severitiesAtOrAbove = (min: Severity): Severity[] => SEVERITIES.slice(SEVERITIES.indexOf(min));

/** One `alert.escalated` row per target (repeats dropped). */
export function escalationRows(alert: Alert, policy: EscalationPolicyLike, at: number): OutboxInput[] {
  const payload = {
    type: 'alert.escalated',
    alert: alertToDto(alert, []),
    escalation: {
      minSeverity: policy.minSeverity,
      afterSeconds: policy.after / 1000,
      unacknowledgedSeconds: Math.max(0, Math.round((at - alert.startedAt) / 1000)),
    },
  };
  return [...new Set(policy.notify)].map((channel) => ({ channel, event: 'alert.escalated' as const, payload }));
}
