import type { AlertDto } from '../../server/src/contracts/alert-dto.js';
import type { Delivery } from '../../server/src/notify/channel.js';

export const CURRENT_SECRET = `whsec_${Buffer.alloc(32, 0x11).toString('base64')}`;
export const PREVIOUS_SECRET = `whsec_${Buffer.alloc(32, 0x22).toString('base64')}`;

export function sampleAlert(id = 'alert-1'): AlertDto {
  return {
    id,
    ruleId: 'forklift-near-person',
    ruleName: 'Forklift near a person',
    cameraId: 'dock-2',
    zoneId: 'loading-bay',
    severity: 'critical',
    status: 'open',
    summary: 'A forklift came within 1 m of a person in the loading bay',
    startedAt: '2026-03-04T08:15:00.000Z',
    lastSeenAt: '2026-03-04T08:15:06.000Z',
    endedAt: null,
    peakValue: 0.91,
    boxes: [{ x1: 120, y1: 340, x2: 410, y2: 900, label: 'forklift' }],
    observation: {
      hazard: 'vehicle-pedestrian',
      confidence: 0.91,
      reason: 'The forklift is moving toward a worker crossing the bay.',
      thinking: null,
      modelId: 'nvidia/Cosmos-Reason2-2B',
      promptHash: 'a'.repeat(64),
      seenAt: '2026-03-04T08:15:06.000Z',
      span: { start: '2026-03-04T08:15:02.000Z', end: '2026-03-04T08:15:06.000Z' },
      frameTimes: ['2026-03-04T08:15:02.000Z', '2026-03-04T08:15:04.000Z', '2026-03-04T08:15:06.000Z'],
    },
    details: { distanceMeters: 0.9 },
    notify: ['dashboard', 'webhook:ops'],
    evidence: [],
  };
}

export function sampleDelivery(id: string, alertId = `alert-${id}`): Delivery {
  return {
    id,
    alertId,
    channel: 'webhook:ops',
    event: 'alert.opened',
    payload: { type: 'alert.opened', alert: sampleAlert(alertId), links: { alert: `https://vigil.plant.example/alerts/${alertId}` } },
    attempt: 1,
    createdAt: Date.parse('2026-03-04T08:15:00.000Z'),
  };
}
