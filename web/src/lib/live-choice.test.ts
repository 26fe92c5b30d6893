import { describe, expect, it } from 'vitest';
import { liveMethods, nextMethod } from './live-choice.js';

const options = { cameraId: 'cam', webrtc: true, jsmpeg: 'ws://host/live?token=t', unavailable: null };

describe('choosing how to show a camera', () => {
  it('prefers WebRTC, then JSMpeg, then snapshots', () => {
    expect(liveMethods(options, true)).toEqual(['webrtc', 'jsmpeg', 'snapshot']);
  });

  it('skips WebRTC when the server or the browser cannot do it', () => {
    expect(liveMethods({ ...options, webrtc: false }, true)).toEqual(['jsmpeg', 'snapshot']);
    expect(liveMethods(options, false)).toEqual(['jsmpeg', 'snapshot']);
    expect(liveMethods({ ...options, jsmpeg: null }, true)).toEqual(['webrtc', 'snapshot']);
  });

  it('shows snapshots when live video is unavailable or the options could not be read', () => {
    expect(liveMethods({ ...options, unavailable: 'camera offline' }, true)).toEqual(['snapshot']);
    expect(liveMethods(null, true)).toEqual(['snapshot']);
  });

  it('falls over to the next method', () => {
    const methods = liveMethods(options, true);
    expect(nextMethod(methods, 'webrtc')).toBe('jsmpeg');
    expect(nextMethod(methods, 'jsmpeg')).toBe('snapshot');
    expect(nextMethod(['snapshot'], 'webrtc')).toBe('snapshot');
  });
});
