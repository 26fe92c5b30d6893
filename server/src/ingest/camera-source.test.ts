import { describe, expect, it } from 'vitest';
import { parseCameraSource } from './camera-source.js';

describe('parseCameraSource', () => {
  it('tells rtsp, file and sim sources apart', () => {
    expect(parseCameraSource({ url: 'rtsps://u:p@cam/s', rtspTransport: 'udp' })).toEqual({ kind: 'rtsp', url: 'rtsps://u:p@cam/s', transport: 'udp' });
    expect(parseCameraSource({ url: 'file://clips/dock.mp4', rtspTransport: 'tcp' })).toEqual({ kind: 'file', path: 'clips/dock.mp4' });
    expect(parseCameraSource({ url: 'sim://idle?fps=5', rtspTransport: 'tcp' })).toMatchObject({ kind: 'sim', scene: 'idle', params: { fps: 5 } });
  });

  it('rejects an empty file path and unknown schemes without quoting credentials', () => {
    expect(() => parseCameraSource({ url: 'file://', rtspTransport: 'tcp' })).toThrow(/no path/);
    expect(() => parseCameraSource({ url: 'rtmp://u:topsecret@x/live', rtspTransport: 'tcp' })).toThrow(/rtmp:\/\/\*\*\*@x\/live/);
  });
});
