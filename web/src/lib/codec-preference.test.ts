import { describe, expect, it } from 'vitest';
import { codecKind, orderCodecs, type CodecCapability } from './codec-preference.js';

const vp8: CodecCapability = { mimeType: 'video/VP8', clockRate: 90000 };
const vp9: CodecCapability = { mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0' };
const av1: CodecCapability = { mimeType: 'video/AV1', clockRate: 90000 };
const rtx: CodecCapability = { mimeType: 'video/rtx', clockRate: 90000 };
const red: CodecCapability = { mimeType: 'video/red', clockRate: 90000 };
const ulpfec: CodecCapability = { mimeType: 'video/ulpfec', clockRate: 90000 };
const h264 = (fmtp: string): CodecCapability => ({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: fmtp });
const highMode1 = h264('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034');
const baselineMode0 = h264('level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f');
const baselineMode1 = h264('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f');
const plainBaseline = h264('packetization-mode=1;profile-level-id=42001f');

// Roughly what Chromium lists, in its order.
const chromium = [vp8, rtx, vp9, highMode1, baselineMode0, plainBaseline, baselineMode1, av1, red, ulpfec];

describe('codec preference for a WHIP offer', () => {
  it('knows which codecs Vigil receives', () => {
    expect(codecKind(vp8)).toBe('vp8');
    expect(codecKind(baselineMode1)).toBe('h264');
    expect(codecKind(h264('profile-level-id=42e01f; packetization-mode = 1'))).toBe('h264');
    expect(codecKind(baselineMode0)).toBeNull();
    expect(codecKind(h264('profile-level-id=42e01f'))).toBeNull();
    expect(codecKind(vp9)).toBeNull();
    expect(codecKind(rtx)).toBeNull();
  });

  it('puts H.264 (mode 1, constrained baseline first) before VP8, then the helpers, and leaves the rest out', () => {
    expect(orderCodecs(chromium, 'h264')).toEqual({
      codecs: [baselineMode1, plainBaseline, highMode1, vp8, rtx, red, ulpfec],
      first: 'h264',
    });
  });

  it('puts VP8 first when asked', () => {
    expect(orderCodecs(chromium, 'vp8')).toEqual({
      codecs: [vp8, baselineMode1, plainBaseline, highMode1, rtx, red, ulpfec],
      first: 'vp8',
    });
  });

  it('falls back to the other codec when the preferred one is missing', () => {
    expect(orderCodecs([vp8, vp9, rtx], 'h264')).toEqual({ codecs: [vp8, rtx], first: 'vp8' });
    expect(orderCodecs([baselineMode0, baselineMode1], 'vp8')).toEqual({ codecs: [baselineMode1], first: 'h264' });
  });

  it('changes nothing when the browser has none of them', () => {
    expect(orderCodecs([vp9, av1, rtx], 'h264')).toEqual({ codecs: [], first: null });
    expect(orderCodecs([], 'vp8')).toEqual({ codecs: [], first: null });
  });
});
