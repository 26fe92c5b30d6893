/**
 * When a failed delivery is tried again. The Standard Webhooks schedule: the first try at once, then retries
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after the previous failure: eight tries over about 27.6 hours.
 */
export const STANDARD_WEBHOOKS_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** Each wait is spread ±10 % so that deliveries failing together do not all come back at the same instant. */
export const RETRY_JITTER = 0.1;

/**
 * The wait before the next try after try number `attempt` (1-based) failed, or null when that was the last.
 * `schedule[i]` is the wait before try i+1, so schedule[0] (the first try) is never used here.
 * `random` returns [0, 1); 0.5 gives the wait without jitter.
 */
export function retryDelayMs(
  attempt: number,
  schedule: readonly number[] = STANDARD_WEBHOOKS_SCHEDULE_MS,
  random: () => number = Math.random,
  jitter: number = RETRY_JITTER,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, not ${attempt}`);
  if (attempt >= schedule.length) return null;
  const base = schedule[attempt]!;
  const spread = (random() * 2 - 1) * jitter;
  return Math.max(0, Math.round(base * (1 + spread)));
}

/** How many tries a delivery gets in all. */
export const maxAttempts = (schedule: readonly number[] = STANDARD_WEBHOOKS_SCHEDULE_MS): number => schedule.length;
