import { describe, expect, it } from 'vitest';
import type { Alert, Camera, CameraStatus, Evidence } from '../domain/index.js';
import { AlertDetailDto, CameraDto } from './index.js';
import { alertDetailToDto, cameraToDto } from './to-dto.js';

const camera: Camera = {
  id: 'dock-1',
  name: 'Dock 1',
  url: 'rtsp://viewer:s3cret@10.0.0.5:554/stream1?token=abc',
  sample: { fps: 2, maxSide: 640 },
  zones: [{ id: 'edge', name: 'Edge', polygon: [[0.1, 0.6], [0.9, 0.6], [0.9, 1]] }],
  rtspTransport: 'tcp',
  enabled: true,
  source: 'config',
};
const status: CameraStatus = {
  cameraId: 'dock-1',
  state: 'degraded',
  reason: 'reconnecting to rtsp://viewer:s3cret@10.0.0.5:554/stream1',
  since: 1_700_000_000_000,
  fps: 1.5,
  restarts: 2,
  lastFrameAt: null,
};

describe('cameraToDto', () => {
  it('never carries credentials, in the URL or the status reason', () => {
    const dto = CameraDto.parse(cameraToDto(camera, status));
    const text = JSON.stringify(dto);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('viewer');
    expect(text).not.toContain('abc');
    expect(dto.url).toBe('rtsp://***@10.0.0.5:554/stream1?token=***');
    expect(dto.location).toBeNull();
    expect(dto.status?.since).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('alertDetailToDto', () => {
  it('uses ISO times, evidence URLs and orders the timeline', () => {
    const alert: Alert = {
      id: 'a1', ruleId: 'r', ruleName: 'R', cameraId: 'dock-1', zoneId: null, severity: 'high', status: 'acknowledged',
      summary: 's', startedAt: 0, lastSeenAt: 1000, endedAt: null, peakValue: 0.3,
      boxes: [{ x1: 1, y1: 2, x2: 3, y2: 4, label: 'person' }], observation: null, details: {}, notify: ['dashboard'],
    };
    const clip: Evidence = {
      id: 'e1', alertId: 'a1', kind: 'clip', path: 'clips/a1.mp4', mime: 'video/mp4', bytes: 10, sha256: 'ff',
      createdAt: 2000, startTs: 0, endTs: 5000,
    };
    const dto = AlertDetailDto.parse(
      alertDetailToDto({
        alert,
        evidence: [clip],
        events: [
          { id: 'v2', alertId: 'a1', at: 500, actor: 'api', action: 'acknowledged', fromStatus: 'open', toStatus: 'acknowledged', note: null },
          { id: 'v1', alertId: 'a1', at: 0, actor: 'rules', action: 'opened', fromStatus: null, toStatus: 'open', note: null },
        ],
      }),
    );
    expect(dto.startedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(dto.evidence[0]).toMatchObject({ url: '/api/alerts/a1/clip.mp4', endTs: '1970-01-01T00:00:05.000Z' });
    expect(JSON.stringify(dto)).not.toContain('clips/a1.mp4');
    expect(dto.events.map((e) => e.id)).toEqual(['v1', 'v2']);
  });
});
