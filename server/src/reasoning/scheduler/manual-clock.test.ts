import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in due order, ties in the order they were set, and moves now to each', () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    clock.advance(15);
    expect(fired).toEqual(['a@110']);
    expect(clock.now()).toBe(115);
    clock.advance(100);
    expect(fired).toEqual(['a@110', 'b@120', 'c@120']);
    expect(clock.now()).toBe(215);
  });

  it('fires a timer set by another timer when it falls due within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('never fires a cleared timer and reports the next due time', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const cleared = clock.setTimeout(() => fired.push('cleared'), 5);
    clock.setTimeout(() => fired.push('kept'), 8);
    clock.clearTimeout(cleared);
    expect(clock.nextDueAt()).toBe(8);
    clock.advance(10);
    expect(fired).toEqual(['kept']);
    expect(clock.nextDueAt()).toBeNull();
  });
});
