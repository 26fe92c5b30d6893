export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000 };

/**
 * Delay before restart number `attempt` (0-based): doubling from initialMs up to maxMs, with ±25 % jitter
 * so a fleet of cameras behind one failed switch does not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.max(0, Math.min(policy.maxMs, Math.round(base * (0.75 + random() * 0.5))));
}
