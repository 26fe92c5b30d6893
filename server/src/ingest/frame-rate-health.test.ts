import { describe, expect, it } from 'vitest';
import { assessFrameRate, fpsWindowMs } from './frame-rate-health.js';

const base = { configuredFps: 2, streamingForMs: 10_000, windowMs: 5000 } as const;

describe('assessFrameRate', () => {
  it('degrades an online camera well below its configured rate', () => {
    expect(assessFrameRate({ ...base, state: 'online', measuredFps: 0.8 })).toEqual({
      state: 'degraded',
      reason: 'frame rate below half of the configured 2 fps',
    });
    expect(assessFrameRate({ ...base, state: 'online', measuredFps: 1.2 })).toBeNull();
  });

  it('recovers only clearly above the threshold', () => {
    expect(assessFrameRate({ ...base, state: 'degraded', measuredFps: 1.2 })).toBeNull();
    expect(assessFrameRate({ ...base, state: 'degraded', measuredFps: 1.8 })?.state).toBe('online');
  });

  it('waits for one full window and ignores cameras that are not streaming', () => {
    expect(assessFrameRate({ ...base, state: 'online', measuredFps: 0, streamingForMs: 4000 })).toBeNull();
    expect(assessFrameRate({ ...base, state: 'offline', measuredFps: 0 })).toBeNull();
  });

  it('widens the window for slow sample rates', () => {
    expect(fpsWindowMs(5)).toBe(5000);
    expect(fpsWindowMs(0.2)).toBe(20_000);
  });
});
