import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../../test/store/fixtures.js';
import { outboxRowsFor } from './outbox-rows.js';

const alert = makeAlert({ notify: ['dashboard', 'email:ehs', 'webhook:ops', 'email:ehs'], startedAt: Date.UTC(2026, 0, 1) });

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
