import { z } from 'zod';
import { VigilError } from '../../domain/index.js';
import { circuitBreakerSettingsSchema } from './circuit-breaker.js';
import { retryPolicySchema } from './retry-policy.js';

export const schedulerSettingsSchema = z.strictObject({
  /** Model calls in flight at once, across all cameras. */
  concurrency: z.int().min(1).max(64).default(1),
  /** A camera whose last model call is this old gets one even when its gate saw nothing; null: never. */
  heartbeatMs: z.int().positive().nullable().default(30_000),
  /** A call with no reply by then is aborted and counts as a retryable failure. */
  callTimeoutMs: z.int().positive().default(30_000),
  retry: retryPolicySchema.prefault({}),
  breaker: circuitBreakerSettingsSchema.prefault({}),
});

export type SchedulerSettings = z.output<typeof schedulerSettingsSchema>;
export type SchedulerSettingsInput = z.input<typeof schedulerSettingsSchema>;

export function parseSchedulerSettings(input: SchedulerSettingsInput): SchedulerSettings {
  const parsed = schedulerSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new VigilError('invalid_config', `invalid model scheduler settings:\n${lines.join('\n')}`, parsed.error.issues);
}
