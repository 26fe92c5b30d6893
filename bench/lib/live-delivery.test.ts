import { describe, expect, it } from 'vitest';
import { deliveredBetween } from './live-delivery.js';
import type { ViewerStats } from './live-viewer-host-protocol.js';

const webrtc = (packets: number, payloadBytes: number, keyframes: number, closed: string | null = null): ViewerStats => ({
  kind: 'webrtc',
  openedAtMs: 0,
  firstKeyframeMs: 500,
  closed,
  counts: { packets, payloadBytes, keyframes, parameterSets: keyframes },
});
const jsmpeg = (packets: number, sequenceHeaders: number, syncErrors = 0): ViewerStats => ({
  kind: 'jsmpeg',
  openedAtMs: 0,
  firstKeyframeMs: 900,
  closed: null,
  counts: { bytes: packets * 188, packets, syncErrors, videoPes: packets / 10, sequenceHeaders },
});

describe('delivery per viewer over an interval', () => {
  it('takes differences between readings, as kbit/s, and counts a viewer new in the interval from zero', () => {
    const delivered = deliveredBetween([webrtc(100, 50_000, 2)], [webrtc(900, 150_000, 10), webrtc(300, 40_000, 3)], 8);
    expect(delivered).toEqual([
      { kbps: 100, packets: 800, keyframes: 8, syncErrors: 0, closed: null, ok: true },
      { kbps: 40, packets: 300, keyframes: 3, syncErrors: 0, closed: null, ok: true },
    ]);
  });

  it('reads MPEG-TS packets and sequence headers for JSMpeg viewers', () => {
    const [viewer] = deliveredBetween([jsmpeg(1000, 4)], [jsmpeg(6000, 20)], 10);
    expect(viewer).toMatchObject({ kbps: (5000 * 188 * 8) / 10 / 1000, packets: 5000, keyframes: 16, ok: true });
  });

  it('finds no video where packets stopped, no keyframe came, the stream lost sync, or the viewer was closed', () => {
    const delivered = deliveredBetween(
      [webrtc(100, 1000, 1), webrtc(100, 1000, 1), jsmpeg(100, 1), webrtc(100, 1000, 1)],
      [webrtc(100, 1000, 1), webrtc(200, 2000, 1), jsmpeg(200, 3, 1), webrtc(200, 2000, 3, 'connection failed')],
      5,
    );
    expect(delivered.map((d) => d.ok)).toEqual([false, false, false, false]);
    expect(delivered[3]?.closed).toBe('connection failed');
  });
});
