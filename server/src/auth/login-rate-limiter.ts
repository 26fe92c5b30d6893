export interface LoginRateLimits {
  /** Failures per username within the window before sign-in is refused (5). */
  perUsername: number;
  /** Failures per client address within the window (20). */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginRateLimits = { perUsername: 5, perAddress: 20, windowMs: 15 * 60_000 };

/** Beyond this many tracked keys, stale ones are swept on the next failure. */
const SWEEP_ABOVE = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Failed sign-ins per username and per client address over a sliding window, in memory (one Vigil process).
 * A success clears the username's failures, not the address's.
 */
export class LoginRateLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  check(username: string, address: string): RateDecision {
    const now = this.now();
    const waits = [this.#wait(`u:${username}`, this.limits.perUsername, now), this.#wait(`a:${address}`, this.limits.perAddress, now)];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  fail(username: string, address: string): void {
    const now = this.now();
    if (this.#failures.size > SWEEP_ABOVE) this.#sweep(now);
    for (const key of [`u:${username}`, `a:${address}`]) this.#failures.set(key, [...this.#recent(key, now), now]);
  }

  succeed(username: string): void {
    this.#failures.delete(`u:${username}`);
  }

  /** Milliseconds until the key is under its limit again; 0 when it is. */
  #wait(key: string, limit: number, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < limit) return 0;
    const freeing = recent[recent.length - limit]!;
    return Math.max(1, freeing + this.limits.windowMs - now);
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
  }

  #sweep(now: number): void {
    for (const key of [...this.#failures.keys()]) {
      if (this.#recent(key, now).length === 0) this.#failures.delete(key);
    }
  }
}
