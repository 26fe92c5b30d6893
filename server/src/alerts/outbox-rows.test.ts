import { describe, expect, it } from 'vitest';
import type { Alert } from '../domain/index.js';
import { outboxRowsFor } from './outbox-rows.js';

const alert: Alert = {
  id: '00000000-0000-4000-8000-000000000001',
  ruleId: 'cell-intrusion',
  ruleName: 'Person in robot cell',
  cameraId: 'cell-3',
  zoneId: 'robot-cell',
  severity: 'critical',
  status: 'open',
  summary: 'Motion in Robot cell',
  startedAt: Date.UTC(2026, 0, 1),
  lastSeenAt: Date.UTC(2026, 0, 1),
  endedAt: null,
  peakValue: 0.2,
  boxes: [],
  details: {},
  notify: ['dashboard', 'email:ehs', 'webhook:ops', 'email:ehs'],
};

describe('outboxRowsFor', () => {
  it('owes one delivery per external channel, never the dashboard, never twice', () => {
    const rows = outboxRowsFor(alert, 'alert.opened');
    expect(rows.map((r) => r.channel)).toEqual(['email:ehs', 'webhook:ops']);
    expect(rows[0]?.payload).toMatchObject({ type: 'alert.opened', alert: { id: alert.id, startedAt: '2026-01-01T00:00:00.000Z', severity: 'critical' } });
  });

  it('owes nothing for a dashboard-only rule', () => {
    expect(outboxRowsFor({ ...alert, notify: ['dashboard'] }, 'alert.resolved')).toEqual([]);
  });
});
