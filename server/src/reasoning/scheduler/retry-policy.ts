import { z } from 'zod';
import { ReasonerError } from '../reasoner.js';

export const retryPolicySchema = z.strictObject({
  /** Tries per window, the first included; 1 means never retry. */
  maxAttempts: z.int().min(1).max(10).default(3),
  initialDelayMs: z.int().min(0).default(500),
  maxDelayMs: z.int().min(0).default(4_000),
  multiplier: z.number().min(1).default(2),
  /** Up to this share of each delay is taken off at random, so cameras that failed together retry apart. */
  jitter: z.number().min(0).max(1).default(0.2),
});

export type RetryPolicy = z.output<typeof retryPolicySchema>;

export const defaultRetryPolicy: RetryPolicy = retryPolicySchema.parse({});

/**
 * How a failed call counts:
 * - `retryable`: the model server is in trouble (timeout, unreachable, overloaded); another try may help and
 *   the circuit breaker counts it.
 * - `answered`: the server answered but the call cannot succeed as asked (bad request, unreadable reply);
 *   no retry, and for the breaker the server is up.
 * - `neutral`: Vigil cancelled the call, or the failure is not the model server's (an unknown error); no
 *   retry, and the breaker learns nothing.
 */
export type FailureClass = 'retryable' | 'answered' | 'neutral';

export function classifyFailure(error: unknown): FailureClass {
  if (!(error instanceof ReasonerError)) return 'neutral';
  if (error.kind === 'aborted') return 'neutral';
  return error.retryable ? 'retryable' : 'answered';
}

/** The wait before the try after `failedAttempt` (1-based): exponential, capped, less up to `jitter` of it. */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, failedAttempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/** Whether another try is allowed after `failedAttempt` tries. */
export function hasAttemptsLeft(policy: RetryPolicy, failedAttempt: number): boolean {
  return failedAttempt < policy.maxAttempts;
}
