import { describe, expect, it } from 'vitest';
import { parseSimUrl } from './sim-url.js';

describe('parseSimUrl', () => {
  it('applies per-scene defaults', () => {
    expect(parseSimUrl('sim://intrusion')).toEqual({
      scene: 'intrusion',
      params: { period: 30, duration: 8, width: 640, height: 360, fps: 15 },
    });
    expect(parseSimUrl('sim://dark').params).toMatchObject({ period: 60, duration: 10 });
    expect(parseSimUrl('sim://idle').scene).toBe('idle');
    expect(parseSimUrl('sim://pattern').scene).toBe('pattern');
  });

  it('reads period, duration, size and fps', () => {
    expect(parseSimUrl('sim://dark?period=20&duration=5&size=320x180&fps=10').params).toEqual({
      period: 20,
      duration: 5,
      width: 320,
      height: 180,
      fps: 10,
    });
  });

  it('keeps the default event length within half a short period', () => {
    expect(parseSimUrl('sim://intrusion?period=10').params.duration).toBe(5);
  });

  it('rejects unknown scenes, unknown parameters and bad values', () => {
    expect(() => parseSimUrl('sim://volcano')).toThrow(/unknown sim scene/);
    expect(() => parseSimUrl('sim://idle?speed=2')).toThrow(/unknown sim parameter "speed"/);
    expect(() => parseSimUrl('sim://idle?fps=0')).toThrow(/fps=0/);
    expect(() => parseSimUrl('sim://idle?period=abc')).toThrow(/period=abc/);
    expect(() => parseSimUrl('sim://idle?size=641x360')).toThrow(/size=641x360/);
    expect(() => parseSimUrl('sim://dark?period=10&duration=11')).toThrow(/duration=11/);
  });
});
