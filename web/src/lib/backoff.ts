export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0 to 1: how much of each delay is randomised, so many dashboards do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.3 };

/** Delay before retry number `attempt` (0-based), capped; `random` in [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  const spread = base * options.jitter;
  return Math.round(base - spread + 2 * spread * random());
}
