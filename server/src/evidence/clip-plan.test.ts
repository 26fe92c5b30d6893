import { describe, expect, it } from 'vitest';
import type { Segment } from '../domain/index.js';
import { CLIP_LEAD_MS, CLIP_TAIL_MS, planClip } from './clip-plan.js';

const T0 = 1_768_464_000_000;
const ring: Segment[] = [0, 1, 2, 3, 4, 5].map((i) => ({
  cameraId: 'dock-1',
  path: `/data/segments/dock-1/${i}.ts`,
  startTs: T0 + i * 2000,
  endTs: T0 + (i + 1) * 2000,
}));

describe('planClip', () => {
  it('takes the overlapping segments in order and seeks a lead before the start, running a tail past the end', () => {
    const plan = planClip([...ring].reverse(), T0 + 3000, T0 + 7000);
    expect(plan.segments.map((s) => s.path)).toEqual([ring[1]!.path, ring[2]!.path, ring[3]!.path]);
    expect(plan.seekMs).toBe(1000 - CLIP_LEAD_MS);
    expect(plan.startTs).toBe(T0 + 3000 - CLIP_LEAD_MS);
    expect(plan.durationMs).toBe(4000 + CLIP_LEAD_MS + CLIP_TAIL_MS);
  });

  it('reaches into the previous segment when the lead crosses a boundary', () => {
    const plan = planClip(ring, T0 + 2100, T0 + 3000);
    expect(plan.segments.map((s) => s.startTs)).toEqual([T0, T0 + 2000]);
    expect(plan.seekMs).toBe(2100 - CLIP_LEAD_MS);
  });

  it('starts at the first segment when the span begins before the recording', () => {
    const plan = planClip(ring, T0 - 5000, T0 + 1000);
    expect(plan).toMatchObject({ seekMs: 0, startTs: T0, durationMs: 1000 + CLIP_TAIL_MS });
  });

  it('takes the next segment too when the tail reaches into it', () => {
    expect(planClip(ring, T0 + 1000, T0 + 4000).segments.map((s) => s.startTs)).toEqual([T0, T0 + 2000, T0 + 4000]);
  });

  it('drops a segment listed twice', () => {
    expect(planClip([ring[0]!, ring[0]!, ring[1]!], T0, T0 + 3000).segments).toHaveLength(2);
  });

  it('fails clearly when no segment covers the span', () => {
    expect(() => planClip(ring, T0 + 20_000, T0 + 30_000)).toThrow(/no recorded segments of camera dock-1 cover 2026-01-15T08:00:20.000Z/);
    expect(() => planClip([], T0, T0 + 1000)).toThrow(expect.objectContaining({ code: 'not_found' }));
    // Only the tail would overlap: the span itself is not recorded.
    expect(() => planClip(ring, T0 - 3000, T0 - 100)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses an empty or inverted span and mixed cameras', () => {
    expect(() => planClip(ring, T0 + 1000, T0 + 1000)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => planClip([ring[0]!, { ...ring[1]!, cameraId: 'dock-2' }], T0, T0 + 3000)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
