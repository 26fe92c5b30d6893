import type { AlertDto } from '../api/contracts.js';

/** An alert for tests: a plausible open motion alert, with the given fields changed. */
export function alert(fields: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 'alert-1',
    ruleId: 'cell-intrusion',
    ruleName: 'Person in robot cell',
    cameraId: 'cell-3',
    zoneId: 'robot-cell',
    severity: 'critical',
    status: 'open',
    summary: 'Motion in robot cell',
    startedAt: '2025-01-01T10:00:00.000Z',
    lastSeenAt: '2025-01-01T10:00:02.000Z',
    endedAt: null,
    peakValue: 0.1,
    boxes: [],
    observation: null,
    details: {},
    notify: ['dashboard'],
    evidence: [],
    ...fields,
  };
}
