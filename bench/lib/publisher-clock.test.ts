import { describe, expect, it } from 'vitest';
import { PublisherClock } from './publisher-clock.js';

const report = (outUs: number) => `frame=1\nout_time_us=${outUs}\nout_time=00:00:00\nprogress=continue\n`;

describe('PublisherClock', () => {
  it('takes the smallest wall − stream offset as the time stream zero was sent', () => {
    const clock = new PublisherClock();
    const t0 = 1_000_000;
    clock.push(report(500_000), t0 + 530);
    clock.push(report(1_000_000), t0 + 1004);
    clock.push(report(1_500_000), t0 + 1520);
    expect(clock.streamZeroMs).toBe(t0 + 4);
    expect(clock.wallAt(30)).toBe(t0 + 4 + 30_000);
    expect(clock.reports).toBe(3);
    expect(clock.spreadMs()).toBe(16);
  });

  it('handles reports split across chunks and ignores reports with no new packet', () => {
    const clock = new PublisherClock();
    const text = report(0) + report(2_000_000) + report(2_000_000);
    clock.push(text.slice(0, 50), 5000);
    clock.push(text.slice(50), 2100);
    expect(clock.reports).toBe(1);
    expect(clock.streamZeroMs).toBe(100);
  });

  it('knows nothing before the first report', () => {
    expect(Number.isNaN(new PublisherClock().streamZeroMs)).toBe(true);
  });
});
