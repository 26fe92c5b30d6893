import type { AuditLog } from '../audit/audit-log.js';
import { recordAudit } from '../audit/audit-service.js';
import type { Logger } from '../observability/logger.js';
import type { AlertRepository, AlertWithHistory } from '../store/ports.js';

export interface AlertRecordingHooks {
  audit?: AuditLog;
  /** Writes a signed manifest of the alert's evidence and returns the alert with it. */
  seal?: (alertId: string) => Promise<AlertWithHistory>;
  logger: Logger;
}

const AUDIT_ACTIONS = { ack: 'alert.ack', resolve: 'alert.resolve', 'false-positive': 'alert.false_positive' } as const;

/**
 * The alert repository with what each change owes beyond the alert itself: people's lifecycle actions and robot
 * verifications go to the audit log; evidence added (the clip, robot frames) gets a new signed manifest. Neither
 * ever fails the change: a failure is logged.
 */
export function recordedAlerts(base: AlertRepository, hooks: AlertRecordingHooks): AlertRepository {
  const { audit, seal, logger } = hooks;
  return {
    open: (input) => base.open(input),
    touch: (alertId, patch) => base.touch(alertId, patch),
    clear: (alertId, at, actor, outbox) => base.clear(alertId, at, actor, outbox),
    get: (alertId) => base.get(alertId),
    list: (filter, page) => base.list(filter, page),
    listActive: () => base.listActive(),
    countByStatus: () => base.countByStatus(),

    async transition(input, outbox) {
      const result = await base.transition(input, outbox);
      const event = [...result.events].reverse().find((e) => e.actor === input.actor && e.at === input.at);
      await recordAudit(
        audit,
        {
          actor: input.actor,
          action: AUDIT_ACTIONS[input.action],
          targetType: 'alert',
          targetId: input.alertId,
          details: { from: event?.fromStatus ?? null, to: result.alert.status, ...(input.note ? { note: input.note } : {}) },
          at: input.at,
        },
        logger,
      );
      return result;
    },

    async note(input) {
      const result = await base.note(input);
      if (input.action === 'verified') {
        await recordAudit(
          audit,
          { actor: input.actor, action: 'alert.verified', targetType: 'alert', targetId: input.alertId, details: input.note ? { note: input.note } : {}, at: input.at },
          logger,
        );
      }
      return result;
    },

    async addEvidence(alertId, evidence, at, actor) {
      const result = await base.addEvidence(alertId, evidence, at, actor);
      if (!seal || evidence.kind === 'manifest') return result;
      try {
        return await seal(alertId);
      } catch (error) {
        logger.error({ err: error, alertId }, 'the evidence manifest could not be written');
        return result;
      }
    },
  };
}
