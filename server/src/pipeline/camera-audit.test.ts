import { describe, expect, it } from 'vitest';
import type { Camera } from '../domain/index.js';
import { cameraAuditDetails, changedCameraFields } from './camera-audit.js';

const camera: Camera = {
  id: 'dock-1',
  name: 'Dock 1',
  url: 'rtsp://viewer:secret@10.0.0.5/stream1',
  sample: { fps: 2, maxSide: 640 },
  zones: [{ id: 'edge', name: 'Edge', polygon: [[0, 0], [1, 0], [1, 1]] }],
  rtspTransport: 'tcp',
  enabled: true,
  source: 'api',
};

describe('camera audit details', () => {
  it('never carries the credentials of the URL', () => {
    const details = cameraAuditDetails(camera);
    expect(JSON.stringify(details)).not.toContain('secret');
    expect(details).toMatchObject({ name: 'Dock 1', enabled: true, zones: ['edge'] });
  });

  it('names the settings that changed', () => {
    expect(changedCameraFields(camera, { ...camera, url: 'rtsp://viewer:other@10.0.0.5/stream1', sample: { fps: 4, maxSide: 640 } })).toEqual(['url', 'sample']);
    expect(changedCameraFields(camera, { ...camera })).toEqual([]);
  });
});
