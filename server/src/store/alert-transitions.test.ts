import { describe, expect, it } from 'vitest';
import { ALERT_ACTIONS, ALERT_STATUSES, type AlertAction, type AlertStatus } from '../domain/index.js';
import { planTransition, statusAfterClear } from './alert-transitions.js';

const ALLOWED: Record<string, AlertStatus> = {
  'open ack': 'acknowledged',
  'open resolve': 'resolved',
  'open false-positive': 'false_positive',
  'acknowledged resolve': 'resolved',
  'acknowledged false-positive': 'false_positive',
};

describe('alert lifecycle', () => {
  const pairs = ALERT_STATUSES.flatMap((from) => ALERT_ACTIONS.map((action) => [from, action] as [AlertStatus, AlertAction]));

  it.each(pairs)('from %s, %s', (from, action) => {
    const expected = ALLOWED[`${from} ${action}`];
    const outcome = planTransition(from, action);
    if (expected) expect(outcome).toEqual({ toStatus: expected, eventAction: expected });
    else expect(outcome).toBeNull();
  });

  it('clearing resolves what nobody closed and keeps a person’s verdict', () => {
    expect(statusAfterClear('open')).toBe('resolved');
    expect(statusAfterClear('acknowledged')).toBe('resolved');
    expect(statusAfterClear('resolved')).toBe('resolved');
    expect(statusAfterClear('false_positive')).toBe('false_positive');
  });
});
