declare const timerHandleBrand: unique symbol;

/** What `Clock.setTimeout` hands back; only its own clock can clear it. */
export type TimerHandle = { readonly [timerHandleBrand]: true };

/** Time and timers, injected so the scheduler runs the same on the wall clock and on a test's manual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
