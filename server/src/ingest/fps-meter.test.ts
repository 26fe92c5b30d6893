import { describe, expect, it } from 'vitest';
import { FpsMeter } from './fps-meter.js';

describe('FpsMeter', () => {
  it('counts the frames of the last window', () => {
    const meter = new FpsMeter(5000);
    for (let ts = 0; ts < 10_000; ts += 500) meter.tick(ts);
    expect(meter.rate(9_999)).toBe(2);
    expect(meter.rate(12_000)).toBe(1);
    expect(meter.rate(20_000)).toBe(0);
  });

  it('starts over after reset', () => {
    const meter = new FpsMeter(1000);
    meter.tick(0);
    meter.reset();
    expect(meter.rate(10)).toBe(0);
  });
});
