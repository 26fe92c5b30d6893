import { describe, expect, it } from 'vitest';
import type { Segment } from '../domain/index.js';
import { SegmentRing } from './segment-ring.js';

const seg = (n: number, lengthMs = 2000): Segment => ({ cameraId: 'c', path: `/s/${n}.ts`, startTs: n * 2000, endTs: n * 2000 + lengthMs });

describe('SegmentRing', () => {
  it('evicts segments that ended more than ringSeconds before the newest end', () => {
    const evicted: string[] = [];
    const ring = new SegmentRing({ ringSeconds: 5, onEvict: (s) => evicted.push(s.path) });
    for (let n = 0; n < 6; n += 1) ring.add(seg(n));
    // newest ends at 12 000; horizon 7 000: segments ending at 2 000, 4 000 and 6 000 go
    expect(evicted).toEqual(['/s/0.ts', '/s/1.ts', '/s/2.ts']);
    expect(ring.list().map((s) => s.path)).toEqual(['/s/3.ts', '/s/4.ts', '/s/5.ts']);
    expect(ring.latestEnd()).toBe(12_000);
  });

  it('returns the segments overlapping a span', () => {
    const ring = new SegmentRing({ ringSeconds: 60 });
    for (let n = 0; n < 5; n += 1) ring.add(seg(n));
    expect(ring.covering(3000, 6500).map((s) => s.path)).toEqual(['/s/1.ts', '/s/2.ts', '/s/3.ts']);
    expect(ring.covering(4000, 4000).map((s) => s.path)).toEqual(['/s/1.ts', '/s/2.ts']);
    expect(ring.covering(20_000, 30_000)).toEqual([]);
  });

  it('keeps the newest segment even when it alone is longer than the ring', () => {
    const ring = new SegmentRing({ ringSeconds: 1 });
    ring.add(seg(0, 5000));
    expect(ring.size).toBe(1);
    expect(ring.has('/s/0.ts')).toBe(true);
  });

  it('has no end while empty', () => {
    expect(new SegmentRing({ ringSeconds: 60 }).latestEnd()).toBeNull();
  });

  it('drops named segments early for the disk guard, never the newest', () => {
    const evicted: string[] = [];
    const ring = new SegmentRing({ ringSeconds: 60, onEvict: (s) => evicted.push(s.path) });
    for (let n = 0; n < 4; n += 1) ring.add(seg(n));
    expect(ring.evict(new Set(['/s/0.ts', '/s/1.ts', '/s/3.ts'])).map((s) => s.path)).toEqual(['/s/0.ts', '/s/1.ts']);
    expect(evicted).toEqual(['/s/0.ts', '/s/1.ts']);
    expect(ring.list().map((s) => s.path)).toEqual(['/s/2.ts', '/s/3.ts']);
  });
});
