import { describe, expect, it } from 'vitest';
import { loopOnsets, matchOnsets } from './onset-matching.js';

const alert = (receivedAt: number) => ({ cameraId: 'c', receivedAt, startedAt: receivedAt - 50 });

describe('onset matching', () => {
  it('lists the onsets of a looping clip inside a window', () => {
    expect(loopOnsets(1000, 10, [2, 7], 0, 25_000)).toEqual([3000, 8000, 13_000, 18_000, 23_000]);
    expect(loopOnsets(1000, 10, [2, 7], 9000, 19_000)).toEqual([13_000, 18_000]);
  });

  it('pairs each onset with the first alert after it, and reports misses and strays', () => {
    const result = matchOnsets([1000, 5000, 9000], [alert(1800), alert(2500), alert(9600)], 3000);
    expect(result.matched.map((m) => m.latencyMs)).toEqual([800, 600]);
    expect(result.missed).toEqual([5000]);
    expect(result.spurious.map((a) => a.receivedAt)).toEqual([2500]);
  });

  it('never gives one alert to two onsets', () => {
    const result = matchOnsets([1000, 1200], [alert(1500)], 3000);
    expect(result.matched).toHaveLength(1);
    expect(result.missed).toEqual([1200]);
  });
});
