import { describe, expect, it } from 'vitest';
import { fanoutDelays, tailSummary } from './fanout-delays.js';

describe('fan-out delays', () => {
  it('measures each arrival from the first arrival of the same alert, and from its onset', () => {
    const d = fanoutDelays([
      { alertId: 'a', startedAtMs: 900, arrivalsMs: [1010, 1000, 1030] },
      { alertId: 'b', startedAtMs: 4000, arrivalsMs: [5000, 5002, 5001] },
    ]);
    expect(d.fromFirstMs).toEqual([10, 0, 30, 0, 2, 1]);
    expect(d.fromOnsetMs).toEqual([110, 100, 130, 1000, 1002, 1001]);
    expect(d.spreadMs).toEqual([30, 2]);
    expect(d).toMatchObject({ alerts: 2, pairs: 6, missed: 0 });
  });

  it('counts clients that never received an alert, and an alert nobody received', () => {
    const d = fanoutDelays([
      { alertId: 'a', startedAtMs: 0, arrivalsMs: [10, null, 12] },
      { alertId: 'b', startedAtMs: 0, arrivalsMs: [null, null, null] },
    ]);
    expect(d).toMatchObject({ alerts: 2, pairs: 6, missed: 4, fromFirstMs: [0, 2], spreadMs: [2] });
  });

  it('summarizes the tail', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(tailSummary(values)).toEqual({ n: 101, p50: 50, p95: 95, p99: 99, max: 100 });
  });
});
