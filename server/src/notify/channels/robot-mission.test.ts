import { describe, expect, it } from 'vitest';
import type { Delivery } from '../channel.js';
import { refusedAddress } from './robot-address.js';
import { buildMission, dispatchesMission, missionResult } from './robot-mission.js';

const alert = { id: 'a-1', cameraId: 'dock-1', ruleId: 'no-hard-hat', ruleName: 'No hard hat', severity: 'high', summary: 'Worker without a hard hat', observation: { hazard: 'no_hard_hat' } };
const delivery: Delivery = { id: 'row-7', alertId: 'a-1', channel: 'robot:patrol-1', event: 'alert.opened', payload: { type: 'alert.opened', alert }, attempt: 1, createdAt: 0 };

describe('buildMission', () => {
  it('sends the robot to the camera with robot-scoped evidence links and the callback', () => {
    const mission = buildMission(delivery, { robotId: 'patrol-1', publicUrl: 'https://vigil.example/', location: () => ({ map: 'warehouse', x: 1, y: 2 }) });
    expect(mission).toEqual({
      missionId: 'row-7',
      alertId: 'a-1',
      kind: 'inspect',
      location: { cameraId: 'dock-1', map: 'warehouse', x: 1, y: 2 },
      hazard: 'no_hard_hat',
      ruleName: 'No hard hat',
      severity: 'high',
      summary: 'Worker without a hard hat',
      evidence: {
        snapshot: 'https://vigil.example/api/robots/patrol-1/alerts/a-1/snapshot.jpg',
        clip: 'https://vigil.example/api/robots/patrol-1/alerts/a-1/clip.mp4',
      },
      callback: 'https://vigil.example/api/robots/patrol-1/events',
    });
  });

  it('has no location for a camera without one, and refuses a payload without an alert', () => {
    expect(buildMission(delivery, { robotId: 'r', publicUrl: 'http://v', location: () => null }).location).toBeNull();
    expect(() => buildMission({ ...delivery, payload: {} }, { robotId: 'r', publicUrl: 'http://v', location: () => null })).toThrow(/no alert/);
  });

  it('dispatches on opening and escalation only', () => {
    expect(dispatchesMission(delivery)).toBe(true);
    expect(dispatchesMission({ ...delivery, event: 'alert.escalated' })).toBe(true);
    expect(dispatchesMission({ ...delivery, event: 'alert.resolved' })).toBe(false);
  });
});

describe('missionResult', () => {
  it('counts 2xx and 409 as delivered, retries 408/429/5xx, gives up on other 4xx', () => {
    expect(missionResult(201, '')).toMatchObject({ ok: true });
    expect(missionResult(409, 'exists')).toMatchObject({ ok: true, detail: expect.stringContaining('409') });
    expect(missionResult(503, 'busy')).toEqual({ ok: false, error: 'the robot fleet answered HTTP 503: busy', retryable: true });
    expect(missionResult(429, '')).toMatchObject({ retryable: true });
    expect(missionResult(401, '')).toMatchObject({ ok: false, retryable: false });
  });
});

describe('refusedAddress', () => {
  it('never calls link-local or metadata; private only when allowed', () => {
    expect(refusedAddress('169.254.169.254', true)).toMatch(/link-local/);
    expect(refusedAddress('::ffff:a9fe:a9fe', true)).toMatch(/link-local/);
    expect(refusedAddress('fe80::1', true)).toMatch(/link-local/);
    expect(refusedAddress('10.0.8.2', false)).toMatch(/allowPrivate/);
    expect(refusedAddress('::ffff:127.0.0.1', false)).toMatch(/allowPrivate/);
    expect(refusedAddress('10.0.8.2', true)).toBeNull();
    expect(refusedAddress('203.0.113.9', false)).toBeNull();
  });
});
