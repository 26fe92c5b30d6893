import type { Logger } from '../observability/logger.js';
import type { EscalationRepository } from '../store/ports.js';
import { escalationKey, escalationRows, severitiesAtOrAbove, type EscalationPolicyLike } from './escalation.js';

export interface EscalationWatchOptions {
  escalations: EscalationRepository;
  policies: readonly EscalationPolicyLike[];
  logger: Logger;
  /** Called after escalation rows were written (wake the dispatcher). */
  onEscalated?: (alertId: string) => void;
  now?: () => number;
  /** How often open alerts are checked (5 s). */
  intervalMs?: number;
}

const BATCH = 50;

/**
 * Periodically finds open alerts nobody acknowledged within a policy's delay and writes one `alert.escalated`
 * outbox row per target, once per alert and policy (recorded in the same transaction as the rows).
 */
export class EscalationWatch {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EscalationWatchOptions) {}

  start(): void {
    if (this.#timer || this.options.policies.length === 0) return;
    this.#timer = setInterval(() => {
      this.#running = this.checkNow().catch((error: unknown) => this.options.logger.error({ err: error }, 'escalation check failed'));
    }, this.options.intervalMs ?? 5000);
    this.#timer.unref();
  }

  /** Escalates what is due now; resolves with how many alerts were escalated (counting each policy). */
  async checkNow(): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    let escalated = 0;
    for (const policy of this.options.policies) {
      const key = escalationKey(policy);
      const severities = severitiesAtOrAbove(policy.minSeverity);
      for (;;) {
        const due = await this.options.escalations.due(key, severities, now - policy.after, BATCH);
        const before = escalated;
        for (const alert of due) {
          if (!(await this.options.escalations.escalate(alert.id, key, now, escalationRows(alert, policy, now)))) continue;
          escalated++;
          this.options.logger.warn({ alertId: alert.id, severity: alert.severity, policy: key, notify: policy.notify }, 'alert escalated: nobody acknowledged it');
          this.options.onEscalated?.(alert.id);
        }
        if (due.length < BATCH || escalated === before) break;
      }
    }
    return escalated;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
