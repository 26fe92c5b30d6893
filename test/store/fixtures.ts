import { randomUUID } from 'node:crypto';
import type { Alert, Camera } from '../../server/src/domain/index.js';
import type { EvidenceInput, OutboxInput } from '../../server/src/store/ports.js';

export const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  const startedAt = overrides.startedAt ?? T0;
  return {
    id: randomUUID(),
    ruleId: 'cell-intrusion',
    ruleName: 'Person in robot cell',
    cameraId: 'cell-3',
    zoneId: 'robot-cell',
    severity: 'critical',
    status: 'open',
    summary: 'Person in robot cell for 2s',
    startedAt,
    lastSeenAt: startedAt,
    endedAt: null,
    peakValue: 0.12,
    boxes: [{ x1: 100, y1: 200, x2: 300, y2: 900, label: 'person' }],
    observation: null,
    details: { signal: 'motion', area: 0.12 },
    notify: ['dashboard', 'email:ehs'],
    ...overrides,
  };
}

export function snapshotInput(alert: Alert): EvidenceInput {
  return {
    kind: 'snapshot',
    path: `evidence/2026-01-15/${alert.id}/snapshot.jpg`,
    mime: 'image/jpeg',
    bytes: 48_213,
    sha256: 'a'.repeat(64),
    startTs: null,
    endTs: null,
  };
}

export function outboxInputs(alert: Alert, event: OutboxInput['event'] = 'alert.opened'): OutboxInput[] {
  return [
    { channel: 'email:ehs', event, payload: { alertId: alert.id, event } },
    { channel: 'webhook:ops', event, payload: { alertId: alert.id, event } },
  ];
}

export function makeCamera(overrides: Partial<Camera> = {}): Camera {
  return {
    id: 'dock-1',
    name: 'Loading dock 1',
    url: 'rtsp://viewer:s3cret@10.0.0.5:554/stream1',
    sample: { fps: 2, maxSide: 640 },
    zones: [{ id: 'dock-edge', name: 'Dock edge', polygon: [[0.1, 0.6], [0.9, 0.6], [0.9, 1], [0.1, 1]] }],
    location: { map: 'warehouse', x: 12.5, y: 40.2 },
    rtspTransport: 'tcp',
    enabled: true,
    source: 'api',
    ...overrides,
  };
}
