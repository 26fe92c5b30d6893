import { z } from 'zod';

export const circuitBreakerSettingsSchema = z.strictObject({
  /** Consecutive failed calls that open the breaker. */
  failureThreshold: z.int().min(1).default(5),
  /** How long it stays open before one trial call may pass. */
  coolDownMs: z.int().min(1).default(30_000),
});

export type CircuitBreakerSettings = z.output<typeof circuitBreakerSettingsSchema>;

export const defaultCircuitBreakerSettings: CircuitBreakerSettings = circuitBreakerSettingsSchema.parse({});

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Leave to start one call: `normal` while closed, `trial` for the single call half-open lets through. */
export type BreakerPermit = { kind: 'normal' } | { kind: 'trial'; opening: number };

/** What /healthz and /metrics show. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** When it last opened; null while closed. */
  openedAt: number | null;
  /** When an open breaker lets a trial call through; null unless open. */
  halfOpensAt: number | null;
  trialInFlight: boolean;
  /** How often it has opened since Vigil started. */
  timesOpened: number;
}

/**
 * Closed → (failureThreshold consecutive failures) → open → (coolDownMs) → half-open → one trial call:
 * success closes it, failure opens it again for another cool-down. Time is passed in, so it is pure.
 */
export class CircuitBreaker {
  #consecutiveFailures = 0;
  #openedAt: number | null = null;
  #openings = 0;
  #trialInFlight = false;

  constructor(readonly settings: CircuitBreakerSettings) {}

  state(now: number): BreakerState {
    if (this.#openedAt === null) return 'closed';
    return now < this.#openedAt + this.settings.coolDownMs ? 'open' : 'half_open';
  }

  /** Leave for one call now, or null: open, or half-open with its trial call still out. */
  acquire(now: number): BreakerPermit | null {
    const state = this.state(now);
    if (state === 'closed') return { kind: 'normal' };
    if (state === 'open' || this.#trialInFlight) return null;
    this.#trialInFlight = true;
    return { kind: 'trial', opening: this.#openings };
  }

  /** The server answered: whatever the state, the breaker closes. */
  recordSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = null;
    this.#trialInFlight = false;
  }

  recordFailure(now: number, permit: BreakerPermit): void {
    this.#consecutiveFailures++;
    if (this.#isCurrentTrial(permit)) {
      this.#open(now);
    } else if (this.#openedAt === null && this.#consecutiveFailures >= this.settings.failureThreshold) {
      this.#open(now);
    }
  }

  /** The call ended without telling anything about the server (it was cancelled): another trial may go. */
  release(permit: BreakerPermit): void {
    if (this.#isCurrentTrial(permit)) this.#trialInFlight = false;
  }

  snapshot(now: number): BreakerSnapshot {
    const state = this.state(now);
    return {
      state,
      consecutiveFailures: this.#consecutiveFailures,
      openedAt: this.#openedAt,
      halfOpensAt: state === 'open' && this.#openedAt !== null ? this.#openedAt + this.settings.coolDownMs : null,
      trialInFlight: this.#trialInFlight,
      timesOpened: this.#openings,
    };
  }

  // A trial that outlived its opening (an older call closed the breaker meanwhile) is an ordinary call.
  #isCurrentTrial(permit: BreakerPermit): boolean {
    return permit.kind === 'trial' && this.#trialInFlight && permit.opening === this.#openings;
  }

  #open(now: number): void {
    this.#openedAt = now;
    this.#openings++;
    this.#trialInFlight = false;
  }
}
