import { describe, expect, it } from 'vitest';
import type { Camera } from '../domain/index.js';
import { CameraCreate, CameraUpdate } from '../contracts/index.js';
import { applyCameraUpdate, cameraFromCreate } from './camera-input.js';

const stored: Camera = {
  id: 'dock-1',
  name: 'Dock 1',
  url: 'rtsp://viewer:s3cret@10.0.0.5:554/stream1',
  sample: { fps: 2, maxSide: 640 },
  zones: [{ id: 'edge', name: 'Edge', polygon: [[0, 0], [1, 0], [1, 1]] }],
  location: { map: 'warehouse', x: 1, y: 2 },
  rtspTransport: 'tcp',
  enabled: true,
  source: 'api',
};

describe('cameraFromCreate', () => {
  it('fills defaults and marks the camera as added through the API', () => {
    const camera = cameraFromCreate(CameraCreate.parse({ id: 'cell-3', name: 'Cell 3', url: 'sim://cell' }));
    expect(camera).toEqual({
      id: 'cell-3',
      name: 'Cell 3',
      url: 'sim://cell',
      sample: { fps: 2, maxSide: 640 },
      zones: [],
      rtspTransport: 'tcp',
      enabled: true,
      source: 'api',
    });
  });
});

describe('applyCameraUpdate', () => {
  it('changes only the given fields', () => {
    const next = applyCameraUpdate(stored, CameraUpdate.parse({ name: 'Dock one', sample: { fps: 5 } }));
    expect(next).toEqual({ ...stored, name: 'Dock one', sample: { fps: 5, maxSide: 640 } });
  });

  it('keeps the stored credentials when the redacted URL comes back', () => {
    const next = applyCameraUpdate(stored, CameraUpdate.parse({ url: 'rtsp://***@10.0.0.5:554/stream1' }));
    expect(next.url).toBe(stored.url);
  });

  it('takes a new URL and removes the location on null', () => {
    const next = applyCameraUpdate(stored, CameraUpdate.parse({ url: 'rtsp://10.0.0.6/s', location: null }));
    expect(next.url).toBe('rtsp://10.0.0.6/s');
    expect(next.location).toBeUndefined();
  });

  it('refuses to change the id', () => {
    expect(() => applyCameraUpdate(stored, CameraUpdate.parse({ id: 'dock-2' }))).toThrow(/id cannot be changed/);
  });
});
