import { describe, expect, it } from 'vitest';
import { coverEvents, fewerCallsShare, loopEventSpans, nextLoopTime, windowOverlaps, type ModelCall } from './event-coverage.js';

const options = { windowMs: 4000, slackMs: 2000 };
const gate = (windowEnd: number): ModelCall => ({ cameraId: 'cam', windowEnd, reason: 'gate' });

describe('loopEventSpans', () => {
  it('lists the events of every loop that lie wholly in the range', () => {
    // Loop of 20 s from t=1000, visible 5–15 s: events at 6000–16000, 26000–36000, 46000–56000…
    expect(loopEventSpans(1000, 20, { fromSeconds: 5, untilSeconds: 15 }, 10_000, 60_000)).toEqual([
      { start: 26_000, end: 36_000 },
      { start: 46_000, end: 56_000 },
    ]);
  });

  it('leaves out an event cut by the end of the range', () => {
    expect(loopEventSpans(0, 20, { fromSeconds: 5, untilSeconds: 15 }, 0, 35_000)).toEqual([{ start: 5000, end: 15_000 }]);
  });

  it('rejects a period that is not positive', () => {
    expect(() => loopEventSpans(0, 0, { fromSeconds: 0, untilSeconds: 1 }, 0, 1)).toThrow(RangeError);
  });
});

describe('nextLoopTime', () => {
  it('finds the next moment the loop is at a given point', () => {
    // Loop of 20 s from t=1000: 15.5 s into a loop at 16 500, 36 500, 56 500…
    expect(nextLoopTime(1000, 20, 15.5, 0)).toBe(16_500);
    expect(nextLoopTime(1000, 20, 15.5, 16_500)).toBe(16_500);
    expect(nextLoopTime(1000, 20, 15.5, 16_501)).toBe(36_500);
    expect(nextLoopTime(1000, 20, 15.5, 50_000)).toBe(56_500);
  });
});

describe('windowOverlaps', () => {
  const event = { start: 10_000, end: 20_000 };

  it('takes a window that ends after the event started', () => {
    expect(windowOverlaps(gate(10_001), event, options)).toBe(true);
    expect(windowOverlaps(gate(10_000), event, options)).toBe(false);
  });

  it('takes a window that starts before the event ended, allowing for late arrival', () => {
    expect(windowOverlaps(gate(25_999), event, options)).toBe(true);
    expect(windowOverlaps(gate(26_000), event, options)).toBe(false);
  });
});

describe('coverEvents', () => {
  const events = [
    { start: 10_000, end: 20_000 },
    { start: 40_000, end: 50_000 },
  ];

  it('counts the gate calls on each event and reports events without any as missed', () => {
    const result = coverEvents(events, [gate(12_000), gate(14_000), gate(30_000)], options);
    expect(result.covered).toEqual([{ event: events[0], calls: 2 }]);
    expect(result.missed).toEqual([events[1]]);
    expect(result.outside).toEqual([gate(30_000)]);
  });

  it('does not count a heartbeat as a call on an event', () => {
    const heartbeat: ModelCall = { cameraId: 'cam', windowEnd: 45_000, reason: 'heartbeat' };
    const result = coverEvents(events, [gate(12_000), heartbeat], options);
    expect(result.missed).toEqual([events[1]]);
    expect(result.outside).toEqual([]);
  });
});

describe('fewerCallsShare', () => {
  it('is the share of windows that went without a model call', () => {
    expect(fewerCallsShare(2, 60)).toBeCloseTo(0.9667, 4);
    expect(fewerCallsShare(0, 10)).toBe(1);
    expect(Number.isNaN(fewerCallsShare(0, 0))).toBe(true);
  });
});
