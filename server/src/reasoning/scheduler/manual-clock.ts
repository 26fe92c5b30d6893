import type { Clock, TimerHandle } from './clock.js';

interface ManualTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/**
 * A clock that moves only when told to. Timers fire in due order (ties in the order they were set) while
 * `advance` walks time forward, so code under test sees the same sequence on every run.
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, ManualTimer>();

  constructor(startAt = 0) {
    this.#now = startAt;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, dueAt: this.#now + Math.max(0, delayMs), callback });
    return { id } as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as unknown as { id: number }).id);
  }

  /** How many timers are set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** When the next timer is due, or null when none is set. */
  nextDueAt(): number | null {
    return this.#next()?.dueAt ?? null;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones set meanwhile). */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(target: number): void {
    for (let timer = this.#next(); timer && timer.dueAt <= target; timer = this.#next()) {
      this.#timers.delete(timer.id);
      this.#now = Math.max(this.#now, timer.dueAt);
      timer.callback();
    }
    this.#now = Math.max(this.#now, target);
  }

  #next(): ManualTimer | undefined {
    let earliest: ManualTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (!earliest || timer.dueAt < earliest.dueAt) earliest = timer;
    }
    return earliest;
  }
}
